/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * test_live.c - live capture on the loopback interface (root only):
 *   - the default filter catches SIP on 5060 and a SIP start line on an odd
 *     UDP port, the ICMP port-unreachable loopback answers with, and never
 *     port 22; immediate mode delivers them within the poll timeout;
 *   - dropping privileges the sudo way (SUDO_UID/SUDO_GID) holds, and after
 *     it a new capture fails with the line that says how to grant access.
 * Every packet goes to 127.0.0.1.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "net/capture.h"
#include "testlib.h"
#include "app/pipeline.h"
#include "sip/sipparse.h"
#include "store/store.h"

static void send_udp(uint16_t port, const char *text)
{
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(port) };
	to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sendto(s, text, strlen(text), 0, (struct sockaddr *)&to, sizeof to);
	close(s);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void test_capture_loopback(void)
{
	char err[512];
	struct store *st = store_new();
	struct pipeline *p = pipeline_new(st);
	bool ok = pipeline_add_live(p, "lo", capture_live_filter, err, sizeof err);
	if (!ok)
		printf("# %s\n", err);
	CHECK(ok);
	if (!ok) {
		pipeline_free(p);
		store_free(st);
		return;
	}
	CHECK(pipeline_fd(p) >= 0);
	CHECK(pipeline_step(p, 100) != PIPE_DONE);

	send_udp(22, "OPTIONS sip:ssh@127.0.0.1 SIP/2.0\r\nCall-ID: no\r\nCSeq: 1 OPTIONS\r\n\r\n");
	send_udp(5060, "OPTIONS sip:a@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bK1\r\n"
	               "From: <sip:t@127.0.0.1>;tag=1\r\nTo: <sip:a@127.0.0.1>\r\nCall-ID: live-1\r\n"
	               "CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");
	send_udp(47123, "OPTIONS sip:b@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bK2\r\n"
	                "From: <sip:t@127.0.0.1>;tag=2\r\nTo: <sip:b@127.0.0.1>\r\nCall-ID: live-2\r\n"
	                "CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");

	double deadline = now_s() + 3.0;
	while (now_s() < deadline && (store_msg_count(st) < 2 || store_icmp_count(st) < 2)) {
		struct pollfd pfd = { .fd = pipeline_fd(p), .events = POLLIN };
		poll(&pfd, 1, 100);
		pipeline_step(p, 100);
	}
	pipeline_flush(p);
	CHECK_EQ_INT(store_msg_count(st), 2);
	CHECK(store_icmp_count(st) >= 2);
	bool saw_ssh = false;
	for (size_t i = 0; i < store_msg_count(st); i++)
		if (!strcmp(store_str(st, store_msg_call_id(st, store_msg(st, i))), "no"))
			saw_ssh = true;
	CHECK(!saw_ssh);
	CHECK(pipeline_progress(p) == 1.0);
	pipeline_free(p);
	store_free(st);
}

/* In a child: drop to nobody the way sudo would hand us, then try again. */
static void test_drop_privileges(void)
{
	char err[512];
	unsetenv("SUDO_UID");
	unsetenv("SUDO_GID");
	CHECK(pipeline_drop_privileges(err, sizeof err));
	CHECK_EQ_INT(geteuid(), 0);                 /* not started by sudo: stays */

	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		setenv("SUDO_UID", "65534", 1);
		setenv("SUDO_GID", "65534", 1);
		if (!pipeline_drop_privileges(err, sizeof err))
			_exit(10);
		if (getuid() != 65534 || geteuid() != 65534 || getgid() != 65534 || setuid(0) == 0)
			_exit(11);
		struct store *st = store_new();
		struct pipeline *p = pipeline_new(st);
		bool ok = pipeline_add_live(p, "lo", NULL, err, sizeof err);
		printf("# as nobody: %s\n", ok ? "(opened)" : err);
		fflush(stdout);
		pipeline_free(p);
		store_free(st);
		if (ok || !strstr(err, "setcap cap_net_raw,cap_net_admin=eip") || !strstr(err, "sudo"))
			_exit(12);
		_exit(0);
	}
	int status = 0;
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status));
	CHECK_EQ_INT(WEXITSTATUS(status), 0);
}

int main(void)
{
	if (geteuid() != 0) {
		printf("SKIP: test_live: live capture on lo needs root\n");
		return 77;
	}
	sipparse_init();
	/* root without CAP_NET_RAW (some containers) cannot capture either */
	char err[512];
	struct store *st = store_new();
	struct pipeline *p = pipeline_new(st);
	bool can = pipeline_add_live(p, "lo", NULL, err, sizeof err);
	pipeline_free(p);
	store_free(st);
	if (!can && strstr(err, "no permission")) {
		printf("SKIP: test_live: %s\n", err);
		return 77;
	}
	test_capture_loopback();
	test_drop_privileges();
	return test_done();
}
