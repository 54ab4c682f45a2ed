package io.backchannel.interop.spring;

/** A value with properties, as both sides map it with Jackson. */
public record Item(String sku, int count) {}
