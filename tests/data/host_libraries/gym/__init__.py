"""A stand-in for the parts of OpenAI gym the programs of tests/programs use (``gym.make``, ``reset``, ``step``,
``action_space.sample()``, ``observation_space.n``), for machines without gym: numpy only, seeded, so that the TF1
baseline and the migrated program see the same episodes. tfmigrate reads it as it reads any module on the path
(tfmigrate.host_libraries): plain Python, no TensorFlow.

FrozenLake-v0: the 4x4 lake, slippery as gym's (the intended move, or one of the two beside it, each a third).
CartPole-v0: the cart-pole equations gym uses (Euler steps of 0.02 s), done past 12 degrees or 2.4 units, or at 200
steps."""

import math

import numpy as np


class Discrete:
    def __init__(self, n, random):
        self.n = n
        self._random = random

    def sample(self):
        return int(self._random.randint(self.n))

    def contains(self, x):
        return 0 <= int(x) < self.n


class Box:
    def __init__(self, shape):
        self.shape = shape


class FrozenLake:
    LAKE = "SFFFFHFHFFFHHFFG"
    MOVES = ((0, -1), (1, 0), (0, 1), (-1, 0))  # left, down, right, up

    def __init__(self, seed=0):
        self._random = np.random.RandomState(seed)
        self.observation_space = Discrete(16, self._random)
        self.action_space = Discrete(4, self._random)
        self.state = 0

    def seed(self, seed=None):
        self._random.seed(seed)
        return [seed]

    def reset(self):
        self.state = 0
        return self.state

    def step(self, action):
        action = (int(action) + self._random.randint(3) - 1) % 4
        row, col = divmod(self.state, 4)
        drow, dcol = self.MOVES[action]
        row, col = min(max(row + drow, 0), 3), min(max(col + dcol, 0), 3)
        self.state = row * 4 + col
        cell = self.LAKE[self.state]
        return self.state, float(cell == "G"), cell in "HG", {"prob": 1.0 / 3}

    def render(self, mode="human"):
        return None

    def close(self):
        return None


class CartPole:
    def __init__(self, seed=0):
        self._random = np.random.RandomState(seed)
        self.observation_space = Box((4,))
        self.action_space = Discrete(2, self._random)
        self.state = None
        self.steps = 0

    def seed(self, seed=None):
        self._random.seed(seed)
        return [seed]

    def reset(self):
        self.state = self._random.uniform(-0.05, 0.05, size=4)
        self.steps = 0
        return np.array(self.state)

    def step(self, action):
        x, x_dot, theta, theta_dot = self.state
        force = 10.0 if int(action) == 1 else -10.0
        cos, sin = math.cos(theta), math.sin(theta)
        temp = (force + 0.05 * theta_dot**2 * sin) / 1.1
        theta_acc = (9.8 * sin - cos * temp) / (0.5 * (4.0 / 3.0 - 0.1 * cos**2 / 1.1))
        x_acc = temp - 0.05 * theta_acc * cos / 1.1
        x, x_dot = x + 0.02 * x_dot, x_dot + 0.02 * x_acc
        theta, theta_dot = theta + 0.02 * theta_dot, theta_dot + 0.02 * theta_acc
        self.state = np.array([x, x_dot, theta, theta_dot])
        self.steps += 1
        done = abs(x) > 2.4 or abs(theta) > 12 * 2 * math.pi / 360 or self.steps >= 200
        return np.array(self.state), 1.0, bool(done), {}

    def render(self, mode="human"):
        return None

    def close(self):
        return None


def make(name):
    if name.startswith("FrozenLake"):
        return FrozenLake()
    if name.startswith("CartPole"):
        return CartPole()
    raise ValueError(f"the gym stand-in has no environment {name!r}")
