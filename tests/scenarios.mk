# scenario (data) tests, the scenario-to-pcap tool, public captures.
# tests/scenarios.tap runs every tests/scenarios/*.scn through
# tests/run-scenario.sh and reports one TAP line per scenario, so adding a
# scenario is adding a file, and each one counts on its own.
TESTS += tests/scenarios.tap
EXTRA_DIST += tests/scenarios.tap
