a = b×c
