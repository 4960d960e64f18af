"""TF1's Adam update for the eager rewrite: a Keras ``Adam`` whose step is TF1's own kernel.

Keras 3's ``Adam`` computes TF1's formula in another float32 order: ``1 - beta_2`` in Python double,
``pow(beta, t)`` for the bias corrections where TF1 keeps ``beta1_power``/``beta2_power`` as float32 variables
multiplied by the betas after each step. That is 1e-7 relative from the first step, which most programs keep but a
seeded sigmoid autoencoder amplified to 0.5% by epoch 7 (another printed ``'{:.3f}'`` cost). The generated
subclass calls ``tf.raw_ops.ResourceApplyAdam``, the kernel ``tf.compat.v1.train.AdamOptimizer`` runs, with beta
powers kept as TF1 kept them, so the migrated program prints TF1's numbers (bit-identical on TF 2.21 CPU after 400
steps, tests/test_tf1_adam.py) while it stays a Keras optimizer: its slots, step count, learning-rate schedules,
fed rates, ``apply_gradients`` and checkpoints are Keras Adam's, and the two powers are two more optimizer variables
(restored from a TF1 checkpoint's ``beta1_power``/``beta2_power`` by optimizers.py).
"""

from __future__ import annotations

# The subclass, once per program; ``{name}`` and ``{tf}`` filled in. Gradients of an embedding lookup (IndexedSlices)
# are made dense, as Keras Adam's update made them.
CLASS = '''
class {name}({tf}.keras.optimizers.Adam):
    """TF1's AdamOptimizer update (its own kernel), with beta1_power and beta2_power float32 variables multiplied
    by the betas after each step as TF1 kept them: Keras Adam's float order drifts from TF1 by 1e-7 a step."""

    def build(self, variables):
        if not self.built:
            super().build(variables)
            constant = {tf}.keras.initializers.Constant
            self.beta1_power = self.add_variable((), constant(self.beta_1), "float32", name="beta1_power")
            self.beta2_power = self.add_variable((), constant(self.beta_2), "float32", name="beta2_power")

    def update_step(self, gradient, variable, learning_rate):
        index, dtype = self._get_variable_index(variable), variable.dtype
        {tf}.raw_ops.ResourceApplyAdam(
            var=variable.handle,
            m=self._momentums[index].handle,
            v=self._velocities[index].handle,
            beta1_power={tf}.cast(self.beta1_power, dtype),
            beta2_power={tf}.cast(self.beta2_power, dtype),
            lr={tf}.cast(learning_rate, dtype),
            beta1={tf}.cast(self.beta_1, dtype),
            beta2={tf}.cast(self.beta_2, dtype),
            epsilon={tf}.cast(self.epsilon, dtype),
            grad={tf}.convert_to_tensor(gradient),
        )

    def _backend_update_step(self, gradients, variables, learning_rate):
        super()._backend_update_step(gradients, variables, learning_rate)
        self.beta1_power.assign(self.beta1_power * self.beta_1)
        self.beta2_power.assign(self.beta2_power * self.beta_2)
'''


def definition(name: str, tf: str) -> str:
    return CLASS.format(name=name, tf=tf).lstrip("\n")
