# capture, decode, reassembly, network events, pipeline
