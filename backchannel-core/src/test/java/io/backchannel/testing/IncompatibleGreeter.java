package io.backchannel.testing;

import io.backchannel.RemoteService;
import java.util.List;

/** Same route as {@link Greeter#hello(String)} with an argument the callee cannot decode. */
@RemoteService("Greeter")
public interface IncompatibleGreeter {
  String hello(List<Integer> name);
}
