package io.backchannel.core.codec;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.introspect.AccessorNamingStrategy;
import tools.jackson.databind.introspect.AnnotatedClass;
import tools.jackson.databind.introspect.DefaultAccessorNamingStrategy;

/**
 * Property names from getters and setters as Jackson 2 derived them, which is what peers expect:
 * the leading upper-case run is lower-cased ({@code getURL} is {@code url}, {@code getXValue} is
 * {@code xvalue}), and any base name is accepted ({@code getvalue}). Jackson 3 only knows the
 * JavaBeans rule ({@code URL}, {@code XValue}). Record components keep their names either way.
 */
final class LegacyBeanNaming extends DefaultAccessorNamingStrategy.Provider {
  private static final long serialVersionUID = 1L;

  @Override
  public AccessorNamingStrategy forPOJO(MapperConfig<?> config, AnnotatedClass targetClass) {
    return new Pojo(config, targetClass);
  }

  @Override
  public AccessorNamingStrategy forRecord(MapperConfig<?> config, AnnotatedClass recordClass) {
    return new Record(config, recordClass);
  }

  /** Jackson 2's {@code legacyManglePropertyName}: lower-cases the leading upper-case run. */
  static @Nullable String mangle(String name, int offset) {
    if (name.length() == offset) {
      return null;
    }
    int run = offset;
    while (run < name.length() && Character.toLowerCase(name.charAt(run)) != name.charAt(run)) {
      run++;
    }
    if (run == offset) {
      return name.substring(offset);
    }
    StringBuilder lowered = new StringBuilder(name.length() - offset);
    for (int i = offset; i < run; i++) {
      lowered.append(Character.toLowerCase(name.charAt(i)));
    }
    return lowered.append(name, run, name.length()).toString();
  }

  private static final class Pojo extends DefaultAccessorNamingStrategy {
    Pojo(MapperConfig<?> config, AnnotatedClass forClass) {
      super(config, forClass, "set", "get", "is", null);
    }

    @Override
    protected @Nullable String stdManglePropertyName(String basename, int offset) {
      return mangle(basename, offset);
    }
  }

  private static final class Record extends DefaultAccessorNamingStrategy.RecordNaming {
    Record(MapperConfig<?> config, AnnotatedClass forClass) {
      super(config, forClass);
    }

    @Override
    protected @Nullable String stdManglePropertyName(String basename, int offset) {
      return mangle(basename, offset);
    }
  }
}
