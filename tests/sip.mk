# SIP parsing, store and report tests
