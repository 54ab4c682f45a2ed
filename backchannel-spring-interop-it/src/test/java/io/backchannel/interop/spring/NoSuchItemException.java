package io.backchannel.interop.spring;

/** The typed error {@link Inventory#find} declares. */
public final class NoSuchItemException extends Exception {
  public NoSuchItemException(String message) {
    super(message);
  }
}
