package io.backchannel.benchmarks.suite;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs one JMH benchmark class with the plan's timing and the given parameters. */
final class Jmh {
  static final String[] JVM_ARGS = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-Xmx1g"};

  private Jmh() {}

  /**
   * @param params name, then values, for each parameter; one call per valid combination set
   * @param gc whether to add JMH's allocation profiler ({@code -prof gc})
   */
  static Collection<RunResult> run(Plan plan, Class<?> benchmark, boolean gc, List<List<String>> params)
      throws RunnerException {
    return run(plan, plan.warmupIterations(), benchmark, gc, params);
  }

  /** As {@link #run(Plan, Class, boolean, List)}, with {@code warmupIterations} of the plan's length. */
  static Collection<RunResult> run(Plan plan, int warmupIterations, Class<?> benchmark, boolean gc, List<List<String>> params)
      throws RunnerException {
    ChainedOptionsBuilder options = new OptionsBuilder()
        .include("^" + benchmark.getName().replace(".", "\\.") + "\\.")
        .forks(1)
        .warmupIterations(warmupIterations)
        .warmupTime(TimeValue.seconds(plan.iterationSeconds()))
        .measurementIterations(plan.measureIterations())
        .measurementTime(TimeValue.seconds(plan.iterationSeconds()))
        .jvmArgsAppend(JVM_ARGS)
        .shouldFailOnError(false);
    if (gc) {
      options.addProfiler("gc");
    }
    for (List<String> param : params) {
      options.param(param.get(0), param.subList(1, param.size()).toArray(String[]::new));
    }
    return new ArrayList<>(new Runner(options.build()).run());
  }

  /** {@code name} followed by {@code values}, as {@link #run} takes them. */
  static List<String> param(String name, List<String> values) {
    List<String> param = new ArrayList<>();
    param.add(name);
    param.addAll(values);
    return param;
  }
}
