"""Independent restatement of io.bmo.core.random.SeededRandom, used to pin the Java output.

Run: python3 seeded_random_reference.py  -- prints the values SeededRandomTest asserts.
nextLong and nextDouble must match Java exactly. Python's math.log/cos/sin come from the platform libm, not fdlibm,
so Gaussians can differ from Java's StrictMath in the last bit; the test compares them with a tolerance.
"""
import math

MASK = (1 << 64) - 1
GAMMA = 0x9E3779B97F4A7C15
STREAM_GAMMA = 0xD1B54A32D192ED03


def mix64(z):
    z &= MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def signed(z):
    return z - (1 << 64) if z >= (1 << 63) else z


class SeededRandom:
    def __init__(self, seed, stream, index):
        self.key = mix64(mix64(seed + GAMMA) + stream * STREAM_GAMMA)
        self.state = mix64(self.key + index * GAMMA)
        self.spare = None

    def next_long(self):
        self.state = (self.state + GAMMA) & MASK
        return mix64(self.state)

    def next_double(self):
        return (self.next_long() >> 11) * 2.0 ** -53

    def next_gaussian(self):
        if self.spare is not None:
            g, self.spare = self.spare, None
            return g
        u1 = 1.0 - self.next_double()
        u2 = self.next_double()
        r = math.sqrt(-2.0 * math.log(u1))
        theta = (2 * math.pi) * u2
        self.spare = r * math.sin(theta)
        return r * math.cos(theta)


if __name__ == "__main__":
    for seed, stream, index in [(42, 1, 0), (-1, 7, 123456789), (0, 0, 0)]:
        r = SeededRandom(seed, stream, index)
        print("(%d, %d, %d) longs" % (seed, stream, index), [hex(signed(r.next_long())) for _ in range(3)])
        r = SeededRandom(seed, stream, index)
        print("  doubles", [r.next_double().hex() for _ in range(3)])
        r = SeededRandom(seed, stream, index)
        print("  gaussians", [repr(r.next_gaussian()) for _ in range(4)])
