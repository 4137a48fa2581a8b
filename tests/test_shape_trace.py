import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras import layers  # noqa: E402

from conftest import assert_korean_value_error  # noqa: E402
from course_utils.shape_trace import ShapeTraceRow, layer_output_shape_and_params, trace_shapes  # noqa: E402


def _lenet5():
    return keras.Sequential(
        [
            keras.Input((32, 32, 1)),
            layers.Conv2D(6, 5, activation="tanh", name="c1"),
            layers.AveragePooling2D(2, name="s2"),
            layers.Conv2D(16, 5, activation="tanh", name="c3"),
            layers.AveragePooling2D(2, name="s4"),
            layers.Conv2D(120, 5, activation="tanh", name="c5"),
            layers.Flatten(name="flatten"),
            layers.Dense(84, activation="tanh", name="f6"),
            layers.Dense(10, activation="softmax", name="output"),
        ]
    )


def test_lenet5_trace_matches_hand_computed_table():
    rows = trace_shapes(_lenet5())
    # LeCun et al. (1998)의 표: 28x28x6 → 14x14x6 → 10x10x16 → 5x5x16 → 1x1x120 → 84 → 10
    assert [r.computed_shape for r in rows] == [
        (28, 28, 6),
        (14, 14, 6),
        (10, 10, 16),
        (5, 5, 16),
        (1, 1, 120),
        (120,),
        (84,),
        (10,),
    ]
    # 파라미터: 5*5*1*6+6, 5*5*6*16+16, 5*5*16*120+120, 120*84+84, 84*10+10
    assert [r.computed_params for r in rows] == [156, 0, 2416, 0, 48120, 0, 10164, 850]
    assert all(r.matches for r in rows)
    assert [r.name for r in rows][:2] == ["c1", "s2"] and rows[0].kind == "Conv2D"


def test_random_conv_stacks_match_keras():
    rng = np.random.default_rng(0)
    for _ in range(12):
        size = int(rng.integers(20, 60))
        stack = [keras.Input((size, size + int(rng.integers(0, 5)), int(rng.integers(1, 4))))]
        for _ in range(3):
            choice = rng.integers(0, 4)
            if choice == 0:
                stack.append(
                    layers.Conv2D(
                        int(rng.integers(1, 9)),
                        int(rng.integers(1, 4)),
                        strides=int(rng.integers(1, 3)),
                        padding=str(rng.choice(["same", "valid"])),
                        use_bias=bool(rng.integers(0, 2)),
                    )
                )
            elif choice == 1:
                stack.append(
                    layers.MaxPooling2D(
                        int(rng.integers(2, 4)),
                        strides=int(rng.integers(1, 3)),
                        padding=str(rng.choice(["same", "valid"])),
                    )
                )
            elif choice == 2:
                stack.append(layers.ZeroPadding2D(((1, 2), (0, 3))))
            else:
                stack.append(layers.Conv2D(2, 3, dilation_rate=2, padding="same"))
        stack += [layers.BatchNormalization(), layers.GlobalAveragePooling2D(), layers.Dropout(0.1), layers.Dense(3)]
        rows = trace_shapes(keras.Sequential(stack))
        for row in rows:
            assert row.matches, row


def test_functional_chain_and_vgg_block():
    inputs = keras.Input((224, 224, 3))
    h = layers.Conv2D(64, 3, padding="same", activation="relu")(inputs)
    h = layers.Conv2D(64, 3, padding="same", activation="relu")(h)
    h = layers.MaxPooling2D(2, strides=2)(h)
    h = layers.Flatten()(h)
    model = keras.Model(inputs, h)
    rows = trace_shapes(model)
    assert [r.computed_shape for r in rows] == [(224, 224, 64), (224, 224, 64), (112, 112, 64), (112 * 112 * 64,)]
    assert [r.computed_params for r in rows] == [1792, 36928, 0, 0]  # 3*3*3*64+64, 3*3*64*64+64
    assert all(r.matches for r in rows)


def test_dense_on_image_and_batchnorm_without_scale():
    layer = layers.Dense(7)
    assert layer_output_shape_and_params(layer, (4, 5, 3)) == ((4, 5, 7), 28)
    bn = layers.BatchNormalization(scale=False)
    model = keras.Sequential([keras.Input((6, 6, 5)), bn])
    assert layer_output_shape_and_params(bn, (6, 6, 5)) == ((6, 6, 5), 15)
    assert bn.count_params() == 15 and model.count_params() == 15


def test_row_matches_flags_differences():
    row = ShapeTraceRow("x", "Dense", (10,), (10,), 5, 6)
    assert not row.matches


def test_unsupported_and_branching_models_raise():
    assert_korean_value_error(lambda: layer_output_shape_and_params(layers.LSTM(3), (5, 4)), match="계산할 수 없습니다")
    assert_korean_value_error(
        lambda: layer_output_shape_and_params(layers.Conv2D(3, 3), (28, 28)), match="높이, 너비, 채널"
    )
    assert_korean_value_error(lambda: layer_output_shape_and_params(layers.Conv2D(3, 3), (28, 0, 1)))
    inputs = keras.Input((8, 8, 3))
    a = layers.Conv2D(3, 3, padding="same")(inputs)
    b = layers.Conv2D(3, 3, padding="same")(a)
    residual = keras.Model(inputs, layers.Add()([a, b]))
    assert_korean_value_error(lambda: trace_shapes(residual), match="일렬")
    assert_korean_value_error(lambda: trace_shapes("모델 아님"))
    assert_korean_value_error(
        lambda: layer_output_shape_and_params(layers.MaxPooling2D(2, data_format="channels_first"), (3, 8, 8)),
        match="channels_last",
    )


def test_plot_shape_trace_draws_sizes_and_params():
    import warnings

    import matplotlib

    matplotlib.use("Agg")
    from course_utils.korean_font import use_korean_font
    from course_utils.shape_trace import plot_shape_trace

    use_korean_font()
    rows = trace_shapes(_lenet5())
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = plot_shape_trace(rows, title="LeNet-5")
        fig.canvas.draw()
    left, right = fig.axes
    assert [t.get_text() for t in left.get_yticklabels()] == ["c1", "s2", "c3", "s4", "c5", "flatten", "f6", "output"]
    assert [p.get_width() for p in left.patches] == [
        28 * 28 * 6,
        14 * 14 * 6,
        10 * 10 * 16,
        5 * 5 * 16,
        120,
        120,
        84,
        10,
    ]
    widths = [p.get_width() for p in right.patches]
    assert widths[0] == 156 and widths[2] == 2416 and np.isnan(widths[1])
    assert_korean_value_error(lambda: plot_shape_trace([]))
    assert_korean_value_error(lambda: plot_shape_trace([("c1", 1)]))
