package io.backchannel.spring.boot.internal.clients;

import io.backchannel.NotConnectedException;
import io.backchannel.core.node.Link;
import io.backchannel.spring.boot.internal.lifecycle.PeerLifecycle;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.jspecify.annotations.Nullable;

/**
 * A proxy over {@code Link.proxy}, which it makes once the link exists: the link is dialed when
 * the context starts, after the beans it is injected into were created. A call before then fails
 * with {@link NotConnectedException}, as a call on a link that is down does.
 */
final class LinkFollowingProxy implements InvocationHandler {
  private final Class<?> type;
  private final PeerLifecycle lifecycle;
  private volatile @Nullable Object delegate;

  private LinkFollowingProxy(Class<?> type, PeerLifecycle lifecycle) {
    this.type = type;
    this.lifecycle = lifecycle;
  }

  static <T> T create(Class<T> type, PeerLifecycle lifecycle) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
        new LinkFollowingProxy(type, lifecycle)));
  }

  @Override
  public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return switch (method.getName()) {
        case "equals" -> args != null && proxy == args[0];
        case "hashCode" -> System.identityHashCode(proxy);
        default -> "LinkProxy[" + type.getName() + "]";
      };
    }
    try {
      return method.invoke(delegate(), args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private Object delegate() {
    Object current = delegate;
    if (current == null) {
      Link link = lifecycle.link();
      if (link == null) {
        throw new NotConnectedException("the Backchannel link (backchannel.connect.uri or uris) is not started yet", null, null);
      }
      current = link.proxy(type);
      delegate = current;
    }
    return current;
  }
}
