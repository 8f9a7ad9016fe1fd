# decode, reassembly and pipeline tests
