package io.backchannel.spring.boot.services;

/** Echoes with its name first, so tests see which node answered. */
public class EchoImpl implements Echo {
  private final String name;

  public EchoImpl(String name) {
    this.name = name;
  }

  @Override
  public String echo(String text) {
    return name + ": " + text;
  }
}
