package io.backchannel.spring.boot.services;

import io.backchannel.RemoteService;

@RemoteService
public interface Echo {
  String echo(String text);
}
