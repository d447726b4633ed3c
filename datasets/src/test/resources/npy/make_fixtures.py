"""Writes the small .npy fixtures NpyTest reads. Run from this directory: python3 make_fixtures.py

Every value is a small multiple of a power of two, so it is exact in float32 and float64 and the Java test can
assert exact equality. The expected values are restated in NpyTest; keep the two in step.
"""
import numpy as np
from numpy.lib import format as npformat

m34 = np.arange(12, dtype=np.float64).reshape(3, 4) / 8  # [[0, .125, .25, .375], [.5, ...], ...]
v5 = np.arange(5) / 4 - 0.5                              # [-0.5, -0.25, 0, 0.25, 0.5]

np.save("f8_c_2d.npy", m34)
np.save("f8_fortran_2d.npy", np.asfortranarray(m34))
np.save("f8_be_2d.npy", m34.astype(">f8"))
np.save("f4_1d.npy", v5.astype("<f4"))
np.save("f4_be_1d.npy", v5.astype(">f4"))
np.save("f8_scalar.npy", np.float64(2.5))
np.save("f8_empty_0x4.npy", np.zeros((0, 4)))
np.save("i8_1d.npy", np.arange(6, dtype="<i8"))
np.save("c16_1d.npy", np.arange(3, dtype="<c16"))
np.save("f8_rank3.npy", np.zeros((2, 2, 2)))
for version in [(2, 0), (3, 0)]:
    with open("f8_v%d_2d.npy" % version[0], "wb") as f:
        npformat.write_array(f, m34, version=version)

# Truncated: the header declares 12 float64 values (96 bytes) but only 37 data bytes follow (4 values + 5 bytes).
with open("f8_c_2d.npy", "rb") as f:
    whole = f.read()
with open("f8_truncated.npy", "wb") as f:
    f.write(whole[: len(whole) - 96 + 37])

# Sanity checks: numpy reads back what we claim.
assert np.load("f8_fortran_2d.npy").flags.f_contiguous
assert np.array_equal(np.load("f8_v3_2d.npy"), m34)
