package io.backchannel.core.auth;

import io.backchannel.core.transport.TlsIdentity;
import org.jspecify.annotations.Nullable;

/**
 * What a connecting node presented in SETUP.
 *
 * @param nodeId the node id it claims; null if it sent no hello (a plain RSocket client), so the
 *     credential decides
 * @param tenant the tenant it claims, if any
 * @param role the role it claims, if any
 * @param bearerToken the token from RSocket's authentication extension (bearer), if any
 * @param clientCertificate the client certificate the TLS handshake verified, on {@code tcp+tls}
 *     and {@code wss} listeners with {@code clientAuth}; null otherwise
 */
public record AuthenticationRequest(
    @Nullable String nodeId,
    @Nullable String tenant,
    @Nullable String role,
    @Nullable String bearerToken,
    @Nullable TlsIdentity clientCertificate) {}
