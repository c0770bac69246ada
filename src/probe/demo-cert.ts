/**
 * TEST-ONLY self-signed certificate and private key for `protocheck demo`'s embedded TLS server on
 * 127.0.0.1. Not a secret and not for any other use: it is published here on purpose, so the demo works
 * on a fresh clone without openssl. Generated with:
 *   openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 36500 \
 *     -subj '/CN=demo.protocheck.invalid/O=protocheck demo (test-only)' \
 *     -addext 'subjectAltName=DNS:demo.protocheck.invalid,IP:127.0.0.1'
 */
export const DEMO_CERT_PEM = `-----BEGIN CERTIFICATE-----
MIICETCCAbegAwIBAgIUM/fovrzaTn4cpb3i1+MEQPBa1PUwCgYIKoZIzj0EAwIw
SDEgMB4GA1UEAwwXZGVtby5wcm90b2NoZWNrLmludmFsaWQxJDAiBgNVBAoMG3By
b3RvY2hlY2sgZGVtbyAodGVzdC1vbmx5KTAgFw0yNjEyMDEwODQyMjBaGA8yMTI2
MTEwNzA4NDIyMFowSDEgMB4GA1UEAwwXZGVtby5wcm90b2NoZWNrLmludmFsaWQx
JDAiBgNVBAoMG3Byb3RvY2hlY2sgZGVtbyAodGVzdC1vbmx5KTBZMBMGByqGSM49
AgEGCCqGSM49AwEHA0IABMlN5hlRVHUEP0S5Kp0OaCRexCk5DBcTrHE0ds0gCxly
us5MkbdmY8CtKBNuBuZgAurc8nV0+n64Vq6cyRe58fujfTB7MB0GA1UdDgQWBBS4
I3kD24yu09+OKGyogqDsJOubZzAfBgNVHSMEGDAWgBS4I3kD24yu09+OKGyogqDs
JOubZzAPBgNVHRMBAf8EBTADAQH/MCgGA1UdEQQhMB+CF2RlbW8ucHJvdG9jaGVj
ay5pbnZhbGlkhwR/AAABMAoGCCqGSM49BAMCA0gAMEUCICfaxG0UlHWEchalnqtC
xh9+rmoAIsjg438yCXQQf0asAiEAn+sx8n3TsKEMmIoY2MpLD/uSVy/rW/RNJarH
YUNfBNw=
-----END CERTIFICATE-----
`;
export const DEMO_KEY_PEM = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgCdBf6RQmELgQqDOn
t9IO8wCp6+W/+Yw1KTjLCikNkgyhRANCAATJTeYZUVR1BD9EuSqdDmgkXsQpOQwX
E6xxNHbNIAsZcrrOTJG3ZmPArSgTbgbmYALq3PJ1dPp+uFaunMkXufH7
-----END PRIVATE KEY-----
`;
