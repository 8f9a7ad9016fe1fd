# SIP framing and parsing, store, sanitiser, reports
