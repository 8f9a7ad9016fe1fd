# scenario (data) tests, the scenario-to-pcap tool, public captures
