# the real-peer lab
