# shared unit-test helper and core tests (options, app)
