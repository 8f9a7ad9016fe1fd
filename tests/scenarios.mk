# scenario (data) tests, the scenario-to-pcap tool, public captures.
# Every tests/scenarios/*.scn is a test of its own; adding a scenario is
# adding a file.
TESTS += $(patsubst $(srcdir)/%,%,$(sort $(wildcard $(srcdir)/tests/scenarios/*.scn)))
