package io.backchannel.apicheck;

import static io.backchannel.apicheck.ApiSignatures.list;
import static io.backchannel.apicheck.ApiSignatures.name;
import static io.backchannel.apicheck.ApiSignatures.type;
import static io.backchannel.apicheck.ApiSignatures.typeParameters;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Array;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The public API of a compiled module: every public or protected type and member of the packages
 * its {@code module-info} exports to everyone, one line each. Types come sorted by name, each type's
 * line before its members' lines, members sorted; every line starts with the type's name so a diff
 * line stands on its own. Inherited members are listed where they are declared.
 */
public final class ApiListing {
  private static final int TYPE_MODIFIERS = Modifier.PUBLIC | Modifier.PROTECTED | Modifier.ABSTRACT | Modifier.STATIC | Modifier.FINAL;
  private static final int MEMBER_MODIFIERS = TYPE_MODIFIERS | Modifier.SYNCHRONIZED | Modifier.NATIVE | Modifier.TRANSIENT | Modifier.VOLATILE;

  private ApiListing() {}

  /** The listing of the module compiled to {@code classes}, whose classes {@code loader} loads. */
  public static List<String> of(Path classes, ClassLoader loader) {
    List<String> lines = new ArrayList<>();
    for (Class<?> type : apiTypes(classes, loader)) {
      String prefix = name(type) + ": ";
      lines.add(prefix + declaration(type));
      members(type).map(member -> prefix + member).sorted().forEach(lines::add);
    }
    return lines;
  }

  private static List<Class<?>> apiTypes(Path classes, ClassLoader loader) {
    List<Class<?>> types = new ArrayList<>();
    for (String pkg : exportedPackages(classes)) {
      Path dir = classes.resolve(pkg.replace('.', '/'));
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
          String simple = file.getFileName().toString().replace(".class", "");
          if (simple.equals("package-info")) {
            continue;
          }
          Class<?> type = Class.forName(pkg + "." + simple, false, loader);
          if (isApi(type)) {
            types.add(type);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException("compiled class not loadable: " + e.getMessage(), e);
      }
    }
    types.sort(Comparator.comparing(ApiSignatures::name));
    return types;
  }

  private static List<String> exportedPackages(Path classes) {
    try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
      return ModuleDescriptor.read(in).exports().stream()
          .filter(export -> !export.isQualified())
          .map(ModuleDescriptor.Exports::source)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("no module-info.class in " + classes + "; compile the module first", e);
    }
  }

  /** Public or protected, and so is every enclosing type; no anonymous, local or synthetic class. */
  private static boolean isApi(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getDeclaringClass()) {
      if (c.isAnonymousClass() || c.isLocalClass() || c.isSynthetic() || !visible(c.getModifiers())) {
        return false;
      }
    }
    return true;
  }

  private static String declaration(Class<?> type) {
    int modifiers = type.getModifiers() & TYPE_MODIFIERS;
    String kind;
    if (type.isAnnotation()) {
      kind = "@interface";
      modifiers &= ~Modifier.ABSTRACT;
    } else if (type.isInterface()) {
      kind = "interface";
      modifiers &= ~Modifier.ABSTRACT;
    } else if (type.isEnum()) {
      kind = "enum";
    } else if (type.isRecord()) {
      kind = "record";
    } else {
      kind = "class";
    }
    StringBuilder out = new StringBuilder(deprecated(type.isAnnotationPresent(Deprecated.class)));
    out.append(Modifier.toString(modifiers));
    if (type.isSealed()) {
      out.append(" sealed");
    }
    out.append(' ').append(kind).append(typeParameters(type.getTypeParameters()));
    AnnotatedType superclass = type.getAnnotatedSuperclass();
    if (superclass != null && superclass.getType() != Object.class) {
      out.append(" extends ").append(type(superclass));
    }
    AnnotatedType[] interfaces = type.isAnnotation() ? new AnnotatedType[0] : type.getAnnotatedInterfaces();
    if (interfaces.length > 0) {
      out.append(type.isInterface() ? " extends " : " implements ").append(list(interfaces));
    }
    // Only the permitted subtypes that are API themselves: hidden ones are implementation details.
    List<String> permitted = type.isSealed()
        ? Arrays.stream(type.getPermittedSubclasses()).filter(ApiListing::isApi).map(ApiSignatures::name).sorted().toList()
        : List.of();
    if (!permitted.isEmpty()) {
      out.append(" permits ").append(String.join(", ", permitted));
    }
    return out.toString();
  }

  private static Stream<String> members(Class<?> type) {
    Stream<String> fields = Arrays.stream(type.getDeclaredFields()).filter(ApiListing::isApiMember).map(ApiListing::field);
    Stream<String> constructors = Arrays.stream(type.getDeclaredConstructors()).filter(ApiListing::isApiMember).map(c -> executable(c, "<init>", ""));
    Stream<String> methods = Arrays.stream(type.getDeclaredMethods()).filter(m -> isApiMember(m) && !m.isBridge()).map(ApiListing::method);
    return Stream.of(fields, constructors, methods).flatMap(s -> s);
  }

  private static boolean isApiMember(Member member) {
    return visible(member.getModifiers()) && !member.isSynthetic();
  }

  private static String field(Field field) {
    return deprecated(field.isAnnotationPresent(Deprecated.class)) + Modifier.toString(field.getModifiers() & MEMBER_MODIFIERS) + " " + type(field.getAnnotatedType()) + " " + field.getName();
  }

  private static String method(Method method) {
    String defaultValue = method.getDefaultValue() == null ? "" : " default " + value(method.getDefaultValue());
    return executable(method, type(method.getAnnotatedReturnType()) + " " + method.getName(), defaultValue);
  }

  private static String executable(Executable executable, String nameAndResult, String suffix) {
    int modifiers = executable.getModifiers() & MEMBER_MODIFIERS;
    if (executable.getDeclaringClass().isInterface()) {
      modifiers &= ~Modifier.ABSTRACT; // implicit; "default" marks the methods that have a body
    }
    StringBuilder out = new StringBuilder(deprecated(executable.isAnnotationPresent(Deprecated.class)));
    out.append(Modifier.toString(modifiers));
    if (executable instanceof Method m && m.isDefault()) {
      out.append(" default");
    }
    String typeParameters = typeParameters(executable.getTypeParameters());
    out.append(typeParameters.isEmpty() ? "" : " " + typeParameters).append(' ');
    String parameters = list(executable.getAnnotatedParameterTypes());
    if (executable.isVarArgs() && parameters.endsWith("[]")) {
      parameters = parameters.substring(0, parameters.length() - 2) + "...";
    }
    out.append(nameAndResult).append('(').append(parameters).append(')');
    AnnotatedType[] exceptions = executable.getAnnotatedExceptionTypes();
    if (exceptions.length > 0) {
      out.append(" throws ").append(list(exceptions));
    }
    return out.append(suffix).toString();
  }

  private static String value(Object value) {
    if (value.getClass().isArray()) {
      List<String> elements = new ArrayList<>();
      for (int i = 0; i < Array.getLength(value); i++) {
        elements.add(value(Array.get(value, i)));
      }
      return elements.stream().collect(Collectors.joining(", ", "{", "}"));
    }
    if (value instanceof String s) {
      return '"' + s + '"';
    }
    if (value instanceof Class<?> c) {
      return name(c) + ".class";
    }
    return String.valueOf(value);
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static String deprecated(boolean deprecated) {
    return deprecated ? "@Deprecated " : "";
  }
}
