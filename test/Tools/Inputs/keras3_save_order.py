#!/usr/bin/python3
"""Prints what Keras 3's model.save_weights() writes for the guide's model (examples/xception_cats_vs_dogs):
every `vars` group and then every variable, each in save order, as xcc's manifest names them ("group PATH
NAME", "var PATH LAYER WEIGHT"). Its output is committed as keras3-xception-save-order.txt, which
keras3-save-order.test compares with `xcc compile --emit=manifest`.

Keras is not installed here, so this is a small stand-in for the parts of Keras that decide the order, written
from keras/src (keras-team/keras):
  - ops/function.py map_graph/_build_map: a Functional's layers sorted by depth (longest path to an output,
    deepest first), ties by the order a depth-first walk from the outputs (inputs in call order) first reaches
    them;
  - saving/saving_lib.py _save_state/_save_container_state: the model's own `vars`, then model.layers, each
    under its snake-cased class name and a per-class counter, a nested Functional's own `vars` before its layers;
  - layers/layer.py save_own_variables: trainable-created variables, then non-trainable ones, in creation order;
  - backend auto-naming (Input -> "input_layer", then "input_layer_1", ...) for layers created without a name;
and the model from applications/xception.py (include_top=False) under the guide's head, with the calls copied.
Run: /usr/bin/python3 keras3_save_order.py > keras3-xception-save-order.txt
"""
import collections
import re

_uids = collections.Counter()


def to_snake_case(name):  # keras/src/utils/naming.py
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    name = re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()
    return name


def auto_name(prefix):  # keras/src/utils/naming.py auto_name + uniquify
    _uids[prefix] += 1
    return prefix if _uids[prefix] == 1 else f"{prefix}_{_uids[prefix] - 1}"


class Node:
    def __init__(self, layer, inputs):
        self.operation = layer
        self.input_tensors = inputs
        self.is_input = not inputs
        self.parent_nodes = [t.node for t in inputs]


class Tensor:
    def __init__(self, node):
        self.node = node


class Layer:
    # (variable, trainable) in creation order
    def variables(self):
        return []

    def __init__(self, name=None):
        self.name = name or auto_name(to_snake_case(type(self).__name__))

    def __call__(self, inputs, **kwargs):
        inputs = inputs if isinstance(inputs, list) else [inputs]
        return Tensor(Node(self, inputs))


class InputLayer(Layer):
    def __init__(self, name=None):
        super().__init__(name or auto_name("input_layer"))


def Input(name=None):
    return Tensor(Node(InputLayer(name), []))


class Conv2D(Layer):
    def __init__(self, name=None, use_bias=True):
        super().__init__(name)
        self.use_bias = use_bias

    def variables(self):
        return [("kernel", True)] + ([("bias", True)] if self.use_bias else [])


class SeparableConv2D(Conv2D):
    def variables(self):
        return [("depthwise_kernel", True), ("pointwise_kernel", True)] + ([("bias", True)] if self.use_bias else [])


class Dense(Conv2D):
    pass


class BatchNormalization(Layer):
    def variables(self):
        return [("gamma", True), ("beta", True), ("moving_mean", False), ("moving_variance", False)]


class Activation(Layer):
    pass


class MaxPooling2D(Layer):
    pass


class Add(Layer):
    pass


class Rescaling(Layer):
    pass


class GlobalAveragePooling2D(Layer):
    pass


class Dropout(Layer):
    pass


def add(inputs):
    return Add()(inputs)


def build_map(outputs):  # ops/function.py _build_map and _build_map_helper
    finished, in_progress, ordered, indices = set(), set(), [], {}

    def helper(tensor):
        node = tensor.node
        if node in finished:
            return
        assert node not in in_progress
        if node.operation not in indices:
            indices[node.operation] = len(indices)
        in_progress.add(node)
        if not node.is_input:
            for t in node.input_tensors:
                helper(t)
        finished.add(node)
        in_progress.remove(node)
        ordered.append(node)

    for o in outputs:
        helper(o)
    return ordered, indices


def map_graph(outputs):  # ops/function.py map_graph: the operations' order
    nodes_in_decreasing_depth, indices = build_map(outputs)
    nodes_depths, op_depths = {}, {}
    for node in reversed(nodes_in_decreasing_depth):
        depth = nodes_depths.setdefault(node, 0)
        depth = max(depth, op_depths.get(node.operation, 0))
        op_depths[node.operation] = depth
        nodes_depths[node] = depth
        for dep in node.parent_nodes:
            nodes_depths[dep] = max(depth + 1, nodes_depths.get(dep, 0))
    by_depth = collections.defaultdict(list)
    for op, depth in op_depths.items():
        by_depth[depth].append(op)
    operations = []
    for depth in sorted(by_depth, reverse=True):
        operations.extend(sorted(by_depth[depth], key=lambda op: indices[op]))
    return operations


class Functional(Layer):
    def __init__(self, inputs, outputs, name=None):
        super().__init__(name)
        self.layers = map_graph([outputs])


def xception():  # applications/xception.py, include_top=False, the calls as written there
    img_input = Input()
    x = Conv2D(name="block1_conv1", use_bias=False)(img_input)
    x = BatchNormalization(name="block1_conv1_bn")(x)
    x = Activation(name="block1_conv1_act")(x)
    x = Conv2D(name="block1_conv2", use_bias=False)(x)
    x = BatchNormalization(name="block1_conv2_bn")(x)
    x = Activation(name="block1_conv2_act")(x)

    residual = Conv2D(use_bias=False)(x)
    residual = BatchNormalization()(residual)
    x = SeparableConv2D(name="block2_sepconv1", use_bias=False)(x)
    x = BatchNormalization(name="block2_sepconv1_bn")(x)
    x = Activation(name="block2_sepconv2_act")(x)
    x = SeparableConv2D(name="block2_sepconv2", use_bias=False)(x)
    x = BatchNormalization(name="block2_sepconv2_bn")(x)
    x = MaxPooling2D(name="block2_pool")(x)
    x = add([x, residual])

    for block in (3, 4):
        residual = Conv2D(use_bias=False)(x)
        residual = BatchNormalization()(residual)
        x = Activation(name=f"block{block}_sepconv1_act")(x)
        x = SeparableConv2D(name=f"block{block}_sepconv1", use_bias=False)(x)
        x = BatchNormalization(name=f"block{block}_sepconv1_bn")(x)
        x = Activation(name=f"block{block}_sepconv2_act")(x)
        x = SeparableConv2D(name=f"block{block}_sepconv2", use_bias=False)(x)
        x = BatchNormalization(name=f"block{block}_sepconv2_bn")(x)
        x = MaxPooling2D(name=f"block{block}_pool")(x)
        x = add([x, residual])

    for i in range(8):
        residual = x
        prefix = f"block{i + 5}"
        for k in (1, 2, 3):
            x = Activation(name=f"{prefix}_sepconv{k}_act")(x)
            x = SeparableConv2D(name=f"{prefix}_sepconv{k}", use_bias=False)(x)
            x = BatchNormalization(name=f"{prefix}_sepconv{k}_bn")(x)
        x = add([x, residual])

    residual = Conv2D(use_bias=False)(x)
    residual = BatchNormalization()(residual)
    x = Activation(name="block13_sepconv1_act")(x)
    x = SeparableConv2D(name="block13_sepconv1", use_bias=False)(x)
    x = BatchNormalization(name="block13_sepconv1_bn")(x)
    x = Activation(name="block13_sepconv2_act")(x)
    x = SeparableConv2D(name="block13_sepconv2", use_bias=False)(x)
    x = BatchNormalization(name="block13_sepconv2_bn")(x)
    x = MaxPooling2D(name="block13_pool")(x)
    x = add([x, residual])

    x = SeparableConv2D(name="block14_sepconv1", use_bias=False)(x)
    x = BatchNormalization(name="block14_sepconv1_bn")(x)
    x = Activation(name="block14_sepconv1_act")(x)
    x = SeparableConv2D(name="block14_sepconv2", use_bias=False)(x)
    x = BatchNormalization(name="block14_sepconv2_bn")(x)
    x = Activation(name="block14_sepconv2_act")(x)
    return Functional(img_input, x, name="xception")


def guide():  # the Keras 3 transfer-learning guide; the outer model named as xcc's model is
    base_model = xception()
    inputs = Input()
    x = Rescaling()(inputs)
    x = base_model(x, training=False)
    x = GlobalAveragePooling2D()(x)
    x = Dropout()(x)
    outputs = Dense()(x)
    return Functional(inputs, outputs, name="xception_transfer")


def save(model, path, prefix, lines):  # saving_lib._save_state / _save_container_state
    lines.append(f"group {path + '/vars' if path else 'vars'} {model.name}")  # a Functional has no own variables
    used = {}
    for layer in model.layers:
        name = to_snake_case(type(layer).__name__)
        if name in used:
            used[name] += 1
            name = f"{name}_{used[name]}"
        else:
            used[name] = 0
        layer_path = (path + "/" if path else "") + "layers/" + name
        if isinstance(layer, Functional):
            save(layer, layer_path, prefix + layer.name + "/", lines)
            continue
        lines.append(f"group {layer_path}/vars {layer.name}")
        ordered = [v for v, t in layer.variables() if t] + [v for v, t in layer.variables() if not t]
        for i, var in enumerate(ordered):
            lines.append(f"var {layer_path}/vars/{i} {prefix}{layer.name} {var}")


if __name__ == "__main__":
    lines = []
    save(guide(), "", "", lines)
    # Groups, then variables, each in save order (the manifest lists them apart).
    print("\n".join([l for l in lines if l.startswith("group")] + [l for l in lines if l.startswith("var")]))
