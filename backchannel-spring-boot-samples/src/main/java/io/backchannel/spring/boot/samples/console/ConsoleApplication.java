package io.backchannel.spring.boot.samples.console;

import io.backchannel.spring.boot.EnableBackchannelClients;
import io.backchannel.spring.boot.samples.api.ConsoleApi;
import io.backchannel.spring.boot.samples.api.Worker;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;

/** The console: listens (console.yaml), exports {@link ConsoleApi}, and calls its sidecars' {@link Worker}. */
@SpringBootApplication
@EnableBackchannelClients(clients = Worker.class)
public class ConsoleApplication {
  public static void main(String[] args) {
    new SpringApplicationBuilder(ConsoleApplication.class).properties("spring.config.name=console").run(args);
  }

  /** Exported because it implements a @RemoteService; calls back a sidecar through the injected proxy. */
  @Bean
  ConsoleApi consoleApi(Worker workers) {
    return status -> "console noted '" + status + "'; a worker said: " + workers.run("backup");
  }
}
