package io.backchannel.spring.boot.internal.clients;

import io.backchannel.spring.boot.BackchannelClient;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.PropertyValues;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.InstantiationAwareBeanPostProcessor;
import org.springframework.util.ReflectionUtils;

/**
 * Sets every {@link BackchannelClient} field to a proxy, when the bean's properties are set (as
 * {@code @Autowired} fields are). The proxies come from the {@link ClientProxies} bean, looked up
 * at first use so that this post-processor does not create the peer early.
 */
public final class ClientFieldInjector implements InstantiationAwareBeanPostProcessor, BeanFactoryAware {
  private @Nullable BeanFactory beanFactory;

  @Override
  public void setBeanFactory(BeanFactory beanFactory) {
    this.beanFactory = beanFactory;
  }

  @Override
  public PropertyValues postProcessProperties(PropertyValues values, Object bean, String beanName) {
    ReflectionUtils.doWithFields(bean.getClass(), field -> inject(bean, field),
        field -> field.isAnnotationPresent(BackchannelClient.class));
    return values;
  }

  private void inject(Object bean, Field field) {
    if (Modifier.isStatic(field.getModifiers()) || !field.getType().isInterface()) {
      throw new IllegalStateException("@BackchannelClient field " + field + " must be an instance field of a @RemoteService interface type");
    }
    ClientSpec spec = ClientSpec.of(field.getAnnotation(BackchannelClient.class));
    Object proxy = Objects.requireNonNull(beanFactory, "beanFactory").getBean(ClientProxies.class).create(field.getType(), spec);
    ReflectionUtils.makeAccessible(field);
    ReflectionUtils.setField(field, bean, proxy);
  }
}
