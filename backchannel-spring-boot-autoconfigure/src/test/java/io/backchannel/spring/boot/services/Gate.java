package io.backchannel.spring.boot.services;

import io.backchannel.RemoteService;

/** Holds a call until the test opens it: an in-flight call for the shutdown tests. */
@RemoteService
public interface Gate {
  String pass(String text);
}
