# active probes and configuration import
