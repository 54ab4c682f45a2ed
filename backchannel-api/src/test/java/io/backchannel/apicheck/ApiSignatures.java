package io.backchannel.apicheck;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedArrayType;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.AnnotatedWildcardType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.TypeVariable;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Writes generic types as source-like text, with JSpecify type-use annotations where they sit, so
 * a change of nullness shows in the listing as much as a change of type.
 */
final class ApiSignatures {
  private static final String JSPECIFY = "org.jspecify.annotations.";

  private ApiSignatures() {}

  static String type(AnnotatedType type) {
    String annotations = nullness(type.getDeclaredAnnotations());
    if (type instanceof AnnotatedArrayType array) {
      // "String @Nullable []": the annotation on an array type applies to the array itself.
      return type(array.getAnnotatedGenericComponentType()) + (annotations.isEmpty() ? "" : " " + annotations.strip()) + "[]";
    }
    if (type instanceof AnnotatedParameterizedType parameterized) {
      Class<?> raw = (Class<?>) ((ParameterizedType) parameterized.getType()).getRawType();
      return annotations + name(raw) + "<" + list(parameterized.getAnnotatedActualTypeArguments()) + ">";
    }
    if (type instanceof AnnotatedWildcardType wildcard) {
      if (wildcard.getAnnotatedLowerBounds().length > 0) {
        return annotations + "? super " + list(wildcard.getAnnotatedLowerBounds());
      }
      AnnotatedType[] upper = wildcard.getAnnotatedUpperBounds();
      boolean unbounded = upper.length == 0 || (upper[0].getType() == Object.class && upper[0].getDeclaredAnnotations().length == 0);
      return annotations + (unbounded ? "?" : "? extends " + list(upper));
    }
    if (type.getType() instanceof Class<?> c) {
      return annotations + name(c);
    }
    return annotations + type.getType().getTypeName();
  }

  /** {@code <T extends Comparable<T>, U>}, or nothing without type parameters. */
  static String typeParameters(TypeVariable<?>[] variables) {
    if (variables.length == 0) {
      return "";
    }
    return Arrays.stream(variables).map(ApiSignatures::typeParameter).collect(Collectors.joining(", ", "<", ">"));
  }

  static String list(AnnotatedType[] types) {
    return Arrays.stream(types).map(ApiSignatures::type).collect(Collectors.joining(", "));
  }

  static String name(Class<?> c) {
    String canonical = c.getCanonicalName();
    return canonical != null ? canonical : c.getName();
  }

  private static String typeParameter(TypeVariable<?> variable) {
    AnnotatedType[] bounds = variable.getAnnotatedBounds();
    boolean plain = bounds.length == 1 && bounds[0].getType() == Object.class && bounds[0].getDeclaredAnnotations().length == 0;
    String bound = plain ? "" : " extends " + Arrays.stream(bounds).map(ApiSignatures::type).collect(Collectors.joining(" & "));
    return nullness(variable.getDeclaredAnnotations()) + variable.getName() + bound;
  }

  private static String nullness(Annotation[] annotations) {
    StringBuilder out = new StringBuilder();
    for (Annotation annotation : annotations) {
      Class<? extends Annotation> type = annotation.annotationType();
      if (type.getName().startsWith(JSPECIFY)) {
        out.append('@').append(type.getSimpleName()).append(' ');
      }
    }
    return out.toString();
  }
}
