package io.backchannel.spring.boot.internal.clients;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartFactoryBean;

/** The bean of one proxied interface that {@code @EnableBackchannelClients} registers; a singleton. */
public final class ClientFactoryBean<T> implements SmartFactoryBean<T>, BeanFactoryAware {
  private final Class<T> type;
  private @Nullable BeanFactory beanFactory;

  public ClientFactoryBean(Class<T> type) {
    this.type = type;
  }

  @Override
  public void setBeanFactory(BeanFactory beanFactory) {
    this.beanFactory = beanFactory;
  }

  @Override
  public T getObject() {
    return Objects.requireNonNull(beanFactory, "beanFactory").getBean(ClientProxies.class).configured(type);
  }

  @Override
  public Class<T> getObjectType() {
    return type;
  }

  /** Made at startup, so that a target misconfigured fails the start, not the first call. */
  @Override
  public boolean isEagerInit() {
    return true;
  }
}
