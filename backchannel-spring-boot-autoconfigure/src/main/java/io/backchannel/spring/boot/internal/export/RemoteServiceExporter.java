package io.backchannel.spring.boot.internal.export;

import io.backchannel.RemoteService;
import io.backchannel.core.Peer;
import io.backchannel.spring.boot.NotExported;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;

/**
 * Collects every bean whose class implements a {@code @RemoteService} interface, unless it is
 * {@link NotExported} (on its class or {@code @Bean} method) or named in {@code excludedBeans},
 * and exports it once the peer starts ({@link #exportTo}); a bean created later is exported at
 * once. Proxies (the starter's own client proxies among them) are never exported. Thread-safe.
 */
public final class RemoteServiceExporter implements BeanPostProcessor {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteServiceExporter.class);

  private final ConfigurableListableBeanFactory beanFactory;
  private final Set<String> excludedBeans;
  private final List<Export> pending = new ArrayList<>();
  private @Nullable Peer peer;

  public RemoteServiceExporter(ConfigurableListableBeanFactory beanFactory, Set<String> excludedBeans) {
    this.beanFactory = beanFactory;
    this.excludedBeans = Set.copyOf(excludedBeans);
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (Proxy.isProxyClass(bean.getClass()) || excludedBeans.contains(beanName) || notExported(bean, beanName)) {
      return bean;
    }
    for (Class<?> type : remoteServices(AopUtils.getTargetClass(bean))) {
      Export export = new Export(type, bean, beanName);
      Peer started;
      synchronized (this) {
        started = peer;
        if (started == null) {
          pending.add(export);
        }
      }
      if (started != null) {
        export.to(started);
      }
    }
    return bean;
  }

  /** Exports the beans collected so far to {@code started}, and every later one as it is created. */
  public void exportTo(Peer started) {
    List<Export> exports;
    synchronized (this) {
      peer = started;
      exports = List.copyOf(pending);
      pending.clear();
    }
    exports.forEach(export -> export.to(started));
  }

  /** The {@code @RemoteService} interfaces {@code type} implements, directly or not. */
  static Set<Class<?>> remoteServices(Class<?> type) {
    Set<Class<?>> services = new LinkedHashSet<>();
    for (Class<?> candidate : ClassUtils.getAllInterfacesForClassAsSet(type)) {
      if (candidate.isAnnotationPresent(RemoteService.class)) {
        services.add(candidate);
      }
    }
    return services;
  }

  private boolean notExported(Object bean, String beanName) {
    if (AnnotatedElementUtils.hasAnnotation(AopUtils.getTargetClass(bean), NotExported.class)) {
      return true;
    }
    if (!beanFactory.containsBeanDefinition(beanName)) {
      return false;
    }
    BeanDefinition definition = beanFactory.getMergedBeanDefinition(beanName);
    return definition instanceof RootBeanDefinition root && root.getResolvedFactoryMethod() != null
        && AnnotatedElementUtils.hasAnnotation(root.getResolvedFactoryMethod(), NotExported.class);
  }

  private record Export(Class<?> type, Object bean, String beanName) {
    @SuppressWarnings({"unchecked", "rawtypes"})
    void to(Peer peer) {
      peer.export((Class) type, bean);
      LOG.info("exported bean '{}' as {}", beanName, type.getName());
    }
  }
}
