package io.backchannel.cli.node;

/** Declared by {@link SidecarApi#restart}, so the caller receives it by type. */
public class SidecarException extends Exception {
  private static final long serialVersionUID = 1L;

  public SidecarException(String message) {
    super(message);
  }
}
