package io.backchannel.testing;

/** A checked exception declared on {@link Greeter#fail}, so callers get it back by type. */
public class GreetingException extends Exception {
  private static final long serialVersionUID = 1L;

  public GreetingException(String message) {
    super(message);
  }
}
