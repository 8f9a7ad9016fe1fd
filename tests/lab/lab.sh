# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# lab.sh - the real-peer lab, sourced by tests/lab/*.sh and record.sh.
#
#   ns pbx                 ns nat                         ns prov
#   +-------------+        +--------------------+         +-----------------+
#   | SIPp/baresip| pbx0   | lan0          wan0 |  prov0  | Kamailio :5060  |
#   | tcpdump     |--------| 192.168.77.1       |---------| 203.0.113.10    |
#   | trunkdoc    | .77.10 |   masquerade  203.0.113.1    | dnsmasq  .53    |
#   +-------------+        +--------------------+         +-----------------+
#
# Every address exists only inside these namespaces.  The pbx namespace's
# only route is the nat namespace; the provider has no default route at all,
# so nothing can leave: a reply to a private address fails with "network
# unreachable" inside the provider namespace instead of going anywhere.
#
# Names are unique per run (prefix + pid), so parallel runs never collide.
# lab_up installs a trap; lab_down removes namespaces, stops every process
# started with lab_spawn through its pidfile, then any straggler still in our
# namespaces, and the temporary directory - also when a step fails.
#
# Caller sets nothing; after lab_up these are defined:
#   LAB_DIR            temporary directory (logs, pidfiles, configs)
#   NS_PBX NS_NAT NS_PROV   namespace names
#   PBX_IP NAT_LAN_IP NAT_PUB_IP PROV_IP DNS_IP   addresses
#   PBX_IF             interface the PBX side captures on (pbx0)

LAB_SRC=${LAB_SRC:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}
LAB_ID=${LAB_ID:-td$$}
NS_PBX=${LAB_ID}-pbx
NS_NAT=${LAB_ID}-nat
NS_PROV=${LAB_ID}-prov
PBX_IP=192.168.77.10
NAT_LAN_IP=192.168.77.1
NAT_PUB_IP=203.0.113.1
PROV_IP=203.0.113.10
DNS_IP=203.0.113.53
PBX_IF=pbx0
LAB_USER=trunk1
LAB_PASSWORD=lab-secret-1        # a fixture; kamailio.cfg holds the same
                                 # (not passed on its command line)
LAB_REALM=sip.provider.example
LAB_DOMAIN=sip.provider.example
LAB_DIR=
LAB_PIDS=()                      # pidfiles of processes we started

lab_log() { printf '# lab: %s\n' "$*" >&2; }

# lab_need_root NAME: exit 77 with a named SKIP unless we may build namespaces.
lab_need_root()
{
	if [ "$(id -u)" != 0 ]; then
		echo "SKIP: $1: needs root to create network namespaces"
		exit 77
	fi
	if ! ip netns add "${LAB_ID}-probe" 2>/dev/null; then
		echo "SKIP: $1: cannot create network namespaces here"
		exit 77
	fi
	ip netns del "${LAB_ID}-probe"
}

# lab_need_prog NAME PROG...: exit 77 naming the first program missing.
lab_need_prog()
{
	local name=$1 p
	shift
	for p in "$@"; do
		if ! command -v "$p" >/dev/null 2>&1; then
			echo "SKIP: $name: $p is not installed"
			exit 77
		fi
	done
}

nsx() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

# lab_up [random]: build the three namespaces.  With "random" the NAT maps
# source ports randomly (like many CGNATs); otherwise it keeps them when it
# can (like most home routers).
lab_up()
{
	local natmode=${1:-keep}
	LAB_DIR=$(mktemp -d "${TMPDIR:-/tmp}/trunkdoc-lab.XXXXXX")
	trap lab_down EXIT
	trap 'exit 130' INT TERM HUP

	ip netns add "$NS_PBX" || return 1
	ip netns add "$NS_NAT" || return 1
	ip netns add "$NS_PROV" || return 1
	local ns
	for ns in "$NS_PBX" "$NS_NAT" "$NS_PROV"; do
		nsx "$ns" ip link set lo up || return 1
		# No IPv6 autoconfiguration chatter in the recordings.
		nsx "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 || return 1
		nsx "$ns" sysctl -qw net.ipv6.conf.default.disable_ipv6=1 || return 1
	done
	# Created directly inside the namespaces: no name in the root namespace.
	ip link add "$PBX_IF" netns "$NS_PBX" type veth peer name lan0 netns "$NS_NAT" || return 1
	ip link add wan0 netns "$NS_NAT" type veth peer name prov0 netns "$NS_PROV" || return 1

	nsx "$NS_PBX" ip addr add "$PBX_IP/24" dev "$PBX_IF" || return 1
	nsx "$NS_PBX" ip link set "$PBX_IF" up || return 1
	nsx "$NS_PBX" ip route add default via "$NAT_LAN_IP" || return 1

	nsx "$NS_NAT" ip addr add "$NAT_LAN_IP/24" dev lan0 || return 1
	nsx "$NS_NAT" ip addr add "$NAT_PUB_IP/24" dev wan0 || return 1
	nsx "$NS_NAT" ip link set lan0 up || return 1
	nsx "$NS_NAT" ip link set wan0 up || return 1
	nsx "$NS_NAT" sysctl -qw net.ipv4.ip_forward=1 || return 1

	nsx "$NS_PROV" ip addr add "$PROV_IP/24" dev prov0 || return 1
	nsx "$NS_PROV" ip addr add "$DNS_IP/24" dev prov0 || return 1
	nsx "$NS_PROV" ip link set prov0 up || return 1

	local masq=masquerade
	[ "$natmode" = random ] && masq="masquerade random"
	nsx "$NS_NAT" nft -f - <<-EOF || return 1
	table ip labnat {
		chain post {
			type nat hook postrouting priority srcnat; policy accept;
			oifname "wan0" $masq
		}
	}
	EOF
	lab_log "up: $NS_PBX $NS_NAT $NS_PROV (nat $natmode) in $LAB_DIR"
}

# lab_spawn NS NAME CMD...: start CMD in NS in the background, standard
# error to $LAB_DIR/NAME.log, standard output to NAME.out; its pid (of CMD
# itself, not of a wrapper) goes to $LAB_DIR/NAME.pid so lab_stop and
# lab_down can end exactly that process.
lab_spawn()
{
	local ns=$1 name=$2
	shift 2
	local pidf=$LAB_DIR/$name.pid
	ip netns exec "$ns" sh -c 'echo $$ >"$0"; exec "$@"' "$pidf" "$@" \
		>"$LAB_DIR/$name.out" 2>"$LAB_DIR/$name.log" </dev/null &
	LAB_PIDS+=("$pidf")
	# ip netns exec and sh both exec, so $! is CMD itself: lab_wait can
	# collect its exit status.
	eval "LAB_JOB_${name//[^A-Za-z0-9]/_}=$!"
	local i
	for i in $(seq 50); do
		[ -s "$pidf" ] && return 0
		sleep 0.05
	done
	lab_log "$name did not start"
	return 1
}

# lab_wait NAME: wait for a spawned process to end, return its exit status.
lab_wait()
{
	local var=LAB_JOB_${1//[^A-Za-z0-9]/_}
	wait "${!var}"
}

lab_alive() { local p; p=$(cat "$LAB_DIR/$1.pid" 2>/dev/null) && kill -0 "$p" 2>/dev/null; }

# lab_stop NAME [SIGNAL]: stop a spawned process and wait until it is gone
# (tcpdump flushes its file on exit).
lab_stop()
{
	local name=$1 sig=${2:-TERM} p i
	p=$(cat "$LAB_DIR/$name.pid" 2>/dev/null) || return 0
	kill -"$sig" "$p" 2>/dev/null || return 0
	for i in $(seq 100); do
		kill -0 "$p" 2>/dev/null || break
		sleep 0.05
	done
	kill -0 "$p" 2>/dev/null && kill -KILL "$p" 2>/dev/null
	# Reap it here, quietly (no "Killed" from the shell).
	local var=LAB_JOB_${name//[^A-Za-z0-9]/_}
	[ -n "${!var:-}" ] && wait "${!var}" 2>/dev/null
	return 0
}

# lab_wait_port NS PROTO PORT: until something listens there (5 s at most).
lab_wait_port()
{
	local ns=$1 proto=$2 port=$3 i flag=-lun
	[ "$proto" = tcp ] && flag=-ltn
	for i in $(seq 100); do
		nsx "$ns" ss -H "$flag" "sport = :$port" 2>/dev/null | grep -q . && return 0
		sleep 0.05
	done
	lab_log "nothing listens on $proto/$port in $ns"
	return 1
}

# lab_kamailio [-A DEFINE]...: start the registrar in the provider namespace,
# listening on UDP (and TCP/TLS when WITH_TCP/WITH_TLS are given).
lab_kamailio()
{
	local args=() listen=(-l "udp:$PROV_IP:5060") a
	for a in "$@"; do
		case $a in
		-A) ;;
		WITH_TCP) listen+=(-l "tcp:$PROV_IP:5060"); args+=(-A "$a") ;;
		WITH_TLS) listen+=(-l "tls:$PROV_IP:5061"); args+=(-A "$a"); lab_tls_files ;;
		*) args+=(-A "$a") ;;
		esac
	done
	mkdir -p "$LAB_DIR/kamailio-run"
	# -DD: stay in the foreground (lab_spawn's pid is the main process);
	# -E: log to stderr (our log file); -Y: a runtime dir of our own.
	lab_spawn "$NS_PROV" kamailio kamailio -DD -E -f "$LAB_SRC/kamailio.cfg" \
		-Y "$LAB_DIR/kamailio-run" -m 32 -M 4 "${listen[@]}" \
		-A "LAB_TLS_CFG=\"$LAB_DIR/tls.cfg\"" \
		"${args[@]}" || return 1
	lab_wait_port "$NS_PROV" udp 5060 || { cat "$LAB_DIR/kamailio.log" >&2; return 1; }
	case " $* " in *" WITH_TCP "*) lab_wait_port "$NS_PROV" tcp 5060 || return 1 ;; esac
	case " $* " in *" WITH_TLS "*) lab_wait_port "$NS_PROV" tcp 5061 || return 1 ;; esac
	return 0
}

# A self-signed certificate for the registrar name, made per run.
lab_tls_files()
{
	[ -f "$LAB_DIR/tls.cfg" ] && return 0
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$LAB_DOMAIN" \
		-addext "subjectAltName=DNS:$LAB_DOMAIN,IP:$PROV_IP" \
		-keyout "$LAB_DIR/tls.key" -out "$LAB_DIR/tls.crt" 2>/dev/null
	cat >"$LAB_DIR/tls.cfg" <<-EOF
	[server:default]
	method = TLSv1.2+
	verify_certificate = no
	require_certificate = no
	private_key = $LAB_DIR/tls.key
	certificate = $LAB_DIR/tls.crt

	[client:default]
	verify_certificate = no
	require_certificate = no
	EOF
}

# lab_capture_start FILE: record the PBX's view (its only interface).
lab_capture_start()
{
	lab_spawn "$NS_PBX" tcpdump tcpdump -n -i "$PBX_IF" -s 0 -U --immediate-mode -w "$1" || return 1
	local i
	for i in $(seq 100); do
		grep -q 'listening on' "$LAB_DIR/tcpdump.log" 2>/dev/null && return 0
		sleep 0.05
	done
	lab_log "tcpdump did not start: $(cat "$LAB_DIR/tcpdump.log")"
	return 1
}

lab_capture_stop() { sleep 0.3; lab_stop tcpdump INT; }

# lab_sipp_file [KEY=VALUE]...: fill sipp/register.xml's %KEY% placeholders
# (defaults below, then the arguments) into $LAB_DIR/pbx.xml.  The
# credentials go into that temporary file, never onto a command line.
lab_sipp_file()
{
	local -A v=(
		[AUTH_LINE]='[authentication username=%AUTH_USER% password=%PASSWORD%]'
		[NONCE_EREG]='' [USER]=$LAB_USER [AUTH_USER]=$LAB_USER
		[PASSWORD]=$LAB_PASSWORD [DOMAIN]=$LAB_DOMAIN [EXPIRES]=3600
		[VIA_HOST]=$NAT_PUB_IP [VIA_PARAMS]=';rport'
		[CONTACT_HOST]=$NAT_PUB_IP [CONTACT_PARAMS]=''
		[RETRY_MS]=5000 [REFRESH_MS]=1 [REFRESHES]=0 [NO_ANSWER_MS]=40000
	)
	local kv k val script=
	for kv in "$@"; do v[${kv%%=*}]=${kv#*=}; done
	# Placeholders that hold placeholders go first.
	for k in AUTH_LINE NONCE_EREG "${!v[@]}"; do
		val=${v[$k]//\\/\\\\}
		val=${val//&/\\&}
		val=${val//|/\\|}
		script+="s|%$k%|$val|g;"
	done
	sed -e "$script" "$LAB_SRC/sipp/register.xml" >"$LAB_DIR/pbx.xml"
}

# lab_pbx_sipp TRANSPORT(u1|t1) [KEY=VALUE]... [-- SIPP_ARGS]: register once from the PBX
# namespace with SIPp and wait until it is done (SIPp's own retransmission
# timers decide how long: T1 500 ms doubling to T2 4 s, 10 retransmissions
# within RFC 3261's timer F of 32 s).  Returns SIPp's status: 0 when the scenario
# ran to its end without an unexpected message.
lab_pbx_sipp()
{
	local tr=$1 kv=() extra=()
	shift
	while [ $# -gt 0 ] && [ "$1" != -- ]; do kv+=("$1"); shift; done
	[ "${1:-}" = -- ] && { shift; extra=("$@"); }
	lab_sipp_file "${kv[@]}"
	(cd "$LAB_DIR" && ip netns exec "$NS_PBX" timeout --foreground 90 sipp "$PROV_IP:5060" \
		-sf "$LAB_DIR/pbx.xml" -t "$tr" -i "$PBX_IP" -p 5060 -m 1 -l 1 \
		-auth_uri "$LAB_DOMAIN" \
		-nostdin -default_behaviors none -max_retrans 10 -max_non_invite_retrans 10 -T2 4000 "${extra[@]}" \
		-trace_err -error_file "$LAB_DIR/sipp-errors.log" \
		>"$LAB_DIR/sipp.log" 2>&1 </dev/null)
}

# lab_dns MODE: dnsmasq in the provider namespace on $DNS_IP, the resolver
# the PBX is configured with.  MODE:
#   records   NAPTR -> SRV _sip._udp -> registrar.sip.provider.example A
#   nxdomain  the zone is local and empty: every name is NXDOMAIN
#   refused   forwards the zone to a second dnsmasq that serves nothing and
#             answers REFUSED (dnsmasq passes REFUSED on)
#   noanswer  forwards the zone to a port nothing listens on (loopback of
#             the provider namespace): the query is never answered
#   servfail  forwards the zone to tests/probe/servfail.py on the provider
#             namespace's loopback, which answers SERVFAIL to everything
#             (dnsmasq passes SERVFAIL on)
lab_dns()
{
	local args=(--no-daemon --no-resolv --no-hosts --bind-interfaces
		--listen-address="$DNS_IP" --port=53 --log-facility=- --log-queries
		--user=root --pid-file=)
	case $1 in
	records) args+=(--local=/provider.example/
		--naptr-record=$LAB_DOMAIN,10,10,S,SIP+D2U,,_sip._udp.$LAB_DOMAIN
		--srv-host=_sip._udp.$LAB_DOMAIN,registrar.$LAB_DOMAIN,5060,10,10
		--host-record=registrar.$LAB_DOMAIN,$PROV_IP) ;;
	nxdomain) args+=(--local=/provider.example/) ;;
	refused)
		lab_spawn "$NS_PROV" dns-upstream dnsmasq --no-daemon --no-resolv \
			--no-hosts --bind-interfaces --listen-address=127.0.0.1 \
			--port=5354 --log-facility=- --user=root --pid-file= || return 1
		lab_wait_port "$NS_PROV" udp 5354 || return 1
		args+=(--server=/provider.example/127.0.0.1#5354) ;;
	noanswer) args+=(--server=/provider.example/127.0.0.1#5355) ;;
	servfail)
		lab_spawn "$NS_PROV" dns-servfail python3 \
			"$LAB_SRC/../probe/servfail.py" 127.0.0.1 5356 || return 1
		lab_wait_port "$NS_PROV" udp 5356 || return 1
		args+=(--server=/provider.example/127.0.0.1#5356) ;;
	*) lab_log "lab_dns: unknown mode $1"; return 1 ;;
	esac
	lab_spawn "$NS_PROV" dnsmasq dnsmasq "${args[@]}" || return 1
	lab_wait_port "$NS_PROV" udp 53
}

# lab_pbx_baresip SECONDS [URI_PARAMS [ACCOUNT_PARAMS]]: baresip as the PBX, resolving
# the SIP domain itself (NAPTR, SRV, A per RFC 3263) through $DNS_IP, for
# SECONDS (with BARESIP_UNTIL naming a test: until it holds, SECONDS at
# most); then killed (not stopped: no un-REGISTER in the recording).  The
# password is in its accounts file, never on a command line.
lab_pbx_baresip()
{
	local secs=$1 uparams=${2:-} aparams=${3:-} d=$LAB_DIR/baresip
	mkdir -p "$d"
	cat >"$d/config" <<-EOF
	poll_method epoll
	sip_listen $PBX_IP:5060
	dns_server $DNS_IP:53
	module_path /usr/lib/baresip/modules
	module g711.so
	module_app account.so
	EOF
	printf '<sip:%s@%s%s>;auth_pass=%s;regint=3600%s\n' "$LAB_USER" \
		"$LAB_DOMAIN" "$uparams" "$LAB_PASSWORD" "$aparams" >"$d/accounts"
	chmod 600 "$d/accounts"
	lab_spawn "$NS_PBX" baresip baresip -f "$d" || return 1
	if [ -n "${BARESIP_UNTIL:-}" ]; then
		# until what the scenario is about has happened (SECONDS at
		# most), not a fixed time a loaded machine may not be done in
		local i
		for i in $(seq $((secs * 10))); do
			"$BARESIP_UNTIL" && break
			lab_alive baresip || break
			sleep 0.1
		done
		sleep 0.5    # its answer (or the PBX's next try) goes out too
	else
		sleep "$secs"
	fi
	lab_stop baresip KILL
}

lab_down()
{
	local rc=$? pf p ns
	trap - EXIT INT TERM HUP
	for pf in "${LAB_PIDS[@]}"; do
		p=$(cat "$pf" 2>/dev/null) || continue
		kill -TERM "$p" 2>/dev/null
	done
	sleep 0.2
	for ns in "$NS_PBX" "$NS_NAT" "$NS_PROV"; do
		# Anything still running inside our own namespaces is ours.
		for p in $(ip netns pids "$ns" 2>/dev/null); do
			kill -KILL "$p" 2>/dev/null
		done
		ip netns del "$ns" 2>/dev/null
	done
	if [ -n "$LAB_DIR" ] && [ -d "$LAB_DIR" ]; then
		if [ "$rc" != 0 ] && [ -n "${LAB_KEEP_LOGS:-}" ]; then
			lab_log "logs kept in $LAB_DIR"
		else
			rm -rf "$LAB_DIR"
		fi
	fi
	exit "$rc"
}
