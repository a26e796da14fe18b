"""A result and a rulebook in words, in Chinese and English: the explanation's steps, the memo (裁量说明), the
version and limitation lines, the listings. What the terminal (penalty.cli), the officer's page (penalty.serve)
and the memo stored in the register show alike; below both front ends, so neither needs the other."""
