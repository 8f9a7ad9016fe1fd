/*
 * probe.h - active tests run from the PBX host against the registrar:
 * RFC 3263 DNS resolution (c-ares), SIP OPTIONS over UDP/TCP/TLS, a TLS
 * handshake with certificate checks (OpenSSL), and an optional test
 * registration.  Results feed the probe checks (net.dns-registrar,
 * net.options-ping, net.tls-handshake, net.ping-registrar).
 */
#ifndef TRUNKDOC_PROBE_H
#define TRUNKDOC_PROBE_H

#include <stdbool.h>
#include <stddef.h>

struct profile;
struct secret;
struct probe_results;

struct probe_opts {
	const char *registrar;     /* host[:port] */
	const char *dns_server;    /* IP[:PORT] or NULL for the system resolver */
	bool test_register;        /* also REGISTER with the profile's credentials */
	double timeout;            /* seconds per probe */
};

/* Runs every probe (blocking, bounded by the timeouts) and returns the
 * results; never NULL except on allocation failure. */
struct probe_results *probe_run(const struct probe_opts *po, const struct profile *p,
                                const struct secret *password);
void probe_results_free(struct probe_results *r);

#endif
