"""Whole models as users build them with Keras: MobileNet v2 (alpha 0.35, 96x96), MobileNet v3
small, a 1-D CNN with BatchNorm, a convolutional autoencoder with transposed convolution and
resizing, a small U-Net with concatenation, a squeeze-excite block. Each is converted three
ways: int8 with int8 I/O, int8 with float I/O, float32.

Weights are Keras' seeded initialisers with BatchNorm statistics drawn from the case's seed, so
folding them into the convolutions is not the identity. One model per bundle (BUNDLE_SIZE): a
MobileNet fills much of the emulator's flash on its own.
"""

from casegen import Kind

BUNDLE_SIZE = 1

# (kind, input shape); the builders below take (keras, input shape).
_MODELS = {
    "mobilenet_v2": [1, 96, 96, 3],
    "mobilenet_v3_small": [1, 96, 96, 3],
    "cnn1d_batchnorm": [1, 128, 3],
    "conv_autoencoder": [1, 32, 32, 1],
    "unet_small": [1, 32, 32, 3],
    "squeeze_excite": [1, 16, 16, 16],
}


def _mobilenet_v2(keras, shape):
    return keras.applications.MobileNetV2(input_shape=shape[1:], alpha=0.35, weights=None,
                                          classes=10)


def _mobilenet_v3_small(keras, shape):
    # Width 0.5 keeps the float32 build inside the emulator's 4 MiB of flash.
    return keras.applications.MobileNetV3Small(input_shape=shape[1:], alpha=0.5, weights=None,
                                               classes=10, include_preprocessing=False)


def _cnn1d_batchnorm(keras, shape):
    layers = keras.layers
    x = inputs = keras.Input(shape[1:])
    x = layers.Conv1D(16, 5, padding="same")(x)
    x = layers.BatchNormalization()(x)
    x = layers.ReLU()(x)
    x = layers.MaxPooling1D(2)(x)
    x = layers.Conv1D(32, 3, use_bias=False)(x)
    x = layers.BatchNormalization()(x)
    x = layers.ReLU()(x)
    x = layers.GlobalAveragePooling1D()(x)
    x = layers.Dense(4, activation="softmax")(x)
    return keras.Model(inputs, x)


def _conv_autoencoder(keras, shape):
    layers = keras.layers
    x = inputs = keras.Input(shape[1:])
    x = layers.Conv2D(8, 3, strides=2, padding="same", activation="relu")(x)
    x = layers.Conv2D(16, 3, strides=2, padding="same", activation="relu")(x)
    x = layers.Conv2DTranspose(8, 3, strides=2, padding="same", activation="relu")(x)
    # Keras 3's UpSampling2D becomes TILE, which TFLite Micro lacks; Resizing is its
    # RESIZE_NEAREST_NEIGHBOR.
    x = layers.Resizing(shape[1], shape[2], interpolation="nearest")(x)
    x = layers.Conv2D(1, 3, padding="same", activation="sigmoid")(x)
    return keras.Model(inputs, x)


def _unet_small(keras, shape):
    layers = keras.layers
    inputs = keras.Input(shape[1:])
    skip = layers.Conv2D(8, 3, padding="same", activation="relu")(inputs)
    x = layers.MaxPooling2D()(skip)
    x = layers.Conv2D(16, 3, padding="same", activation="relu")(x)
    x = layers.UpSampling2D(interpolation="bilinear")(x)
    x = layers.Concatenate()([x, skip])
    x = layers.Conv2D(8, 3, padding="same", activation="relu")(x)
    return keras.Model(inputs, layers.Conv2D(2, 1)(x))


def _squeeze_excite(keras, shape):
    layers = keras.layers
    inputs = keras.Input(shape[1:])
    channels = shape[-1]
    s = layers.GlobalAveragePooling2D()(inputs)
    s = layers.Dense(channels // 4, activation="relu")(s)
    s = layers.Dense(channels, activation="hard_sigmoid")(s)
    s = layers.Reshape((1, 1, channels))(s)
    return keras.Model(inputs, layers.Multiply()([inputs, s]))


_BUILDERS = {
    "mobilenet_v2": _mobilenet_v2,
    "mobilenet_v3_small": _mobilenet_v3_small,
    "cnn1d_batchnorm": _cnn1d_batchnorm,
    "conv_autoencoder": _conv_autoencoder,
    "unet_small": _unet_small,
    "squeeze_excite": _squeeze_excite,
}


def _model_cases(kind):
    def cases(rng, count, dtype):
        del rng
        variants = [{}, {"io": "float32"}] if dtype == "int8" else [{}]
        return [{"input_shape": _MODELS[kind], **variants[i]} for i in range(count)]
    return cases


def _randomize_batchnorm(model, np, seed):
    """Non-trivial BatchNorm statistics (fresh Keras layers have mean 0, variance 1)."""
    rng = np.random.default_rng(seed)
    for layer in model.layers:
        if layer.__class__.__name__ != "BatchNormalization":
            continue
        gamma, beta, mean, variance = layer.get_weights()
        layer.set_weights([
            rng.uniform(0.5, 1.5, gamma.shape).astype(np.float32),
            rng.normal(0.0, 0.2, beta.shape).astype(np.float32),
            rng.normal(0.0, 0.2, mean.shape).astype(np.float32),
            rng.uniform(0.5, 1.5, variance.shape).astype(np.float32),
        ])


def _whole_model(spec, kit):
    keras = kit.tf.keras
    keras.utils.set_random_seed(spec["seed"] & 0x7FFFFFFF)
    model = _BUILDERS[spec["kind"]](keras, spec["input_shape"])
    _randomize_batchnorm(model, kit.np, spec["seed"])

    def body(x):
        return model(x, training=False)
    return body, [spec["input_shape"]], [[0.0, 1.0]]


KINDS = {kind: Kind({"int8": 2, "float32": 1}, _model_cases(kind), _whole_model)
         for kind in _MODELS}
