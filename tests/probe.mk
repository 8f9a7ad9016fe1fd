# probe and import tests
