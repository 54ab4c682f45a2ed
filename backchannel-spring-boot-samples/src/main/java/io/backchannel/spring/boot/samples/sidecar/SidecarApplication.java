package io.backchannel.spring.boot.samples.sidecar;

import io.backchannel.spring.boot.EnableBackchannelClients;
import io.backchannel.spring.boot.samples.api.ConsoleApi;
import io.backchannel.spring.boot.samples.api.Worker;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;

/** A sidecar: dials the console (sidecar.yaml), opens no port, exports {@link Worker} and calls {@link ConsoleApi}. */
@SpringBootApplication
@EnableBackchannelClients(clients = ConsoleApi.class)
public class SidecarApplication {
  public static void main(String[] args) {
    new SpringApplicationBuilder(SidecarApplication.class).properties("spring.config.name=sidecar").run(args);
  }

  @Bean
  Worker worker() {
    return job -> "ran " + job;
  }

  /** Calls the console over the link once started; the console calls this sidecar's Worker back meanwhile. */
  @Bean
  ApplicationRunner reportWhenStarted(ConsoleApi console) {
    return args -> System.out.println(console.report("sidecar up"));
  }
}
