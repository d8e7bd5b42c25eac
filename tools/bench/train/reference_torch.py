#!/usr/bin/env python3
"""PyTorch reference for `npm run bench:train`.

Reads one JSON job from stdin (written by tools/bench/train/src/torch-reference.ts), trains the same architectures
on the same scaled series with the same windows, batch size, optimizer (Adam), loss (MSE), learning rate and number
of steps, and prints one JSON line: {"torch": version, "threads": n, "blas": library, "results": [{name,
samplesPerSecond, valLoss, trainLoss, steps}, ...]}. Only the optimizer steps are timed (forward, backward, Adam
update), after warm-up epochs that are not timed, like the tsf side.

Debian's torch calls whatever libblas.so.3 the system's alternatives select: the reference BLAS when no optimized one
is installed (matrix products then run at a few GFLOPS), OpenBLAS once `libopenblas0-pthread` is installed. "blas"
reports the library found in the process, so that a slow reference is visible in the results.

Job fields: series (scaled values, oldest first), lookback, horizon, trainEnd, valStart and valWindows (tsf's
chronological split of the series), batchSize, warmupEpochs, epochs, learningRate, threads, seed,
models: [{name, kind: lstm|gru|transformer|mlp|seq2seq, units: [..], bidirectional, dModel, heads, layers, ffUnits,
hidden: [..], attentionUnits}].
"""
import json
import math
import sys
import time

import torch
from torch import nn


def windows(series, lookback, horizon):
    count = len(series) - lookback - horizon + 1
    idx = torch.arange(count).unsqueeze(1)
    x = series[idx + torch.arange(lookback)].unsqueeze(-1)
    y = series[idx + lookback + torch.arange(horizon)]
    return x, y


def split(series, job):
    """The windows of Forecaster.fit's split as tsf computed it (chronologicalSplit): training windows within the first
    trainEnd values, validation windows from valStart (none when valWindows is 0)."""
    lookback, horizon = job["lookback"], job["horizon"]
    train = windows(series[:job["trainEnd"]], lookback, horizon)
    val = windows(series[job["valStart"]:], lookback, horizon) if job["valWindows"] else None
    return train, val


class RecurrentForecaster(nn.Module):
    """Stacked LSTM/GRU encoder, last hidden state (both directions) -> linear horizon head (as tsf's recurrent models)."""

    def __init__(self, kind, units, bidirectional, horizon):
        super().__init__()
        cell = {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}[kind]
        self.layers = nn.ModuleList()
        features = 1
        for u in units:
            self.layers.append(cell(features, u, batch_first=True, bidirectional=bidirectional))
            features = u * (2 if bidirectional else 1)
        self.bidirectional = bidirectional
        self.head = nn.Linear(features, horizon)

    def forward(self, x):
        for layer in self.layers:
            x, _ = layer(x)
        if self.bidirectional:
            half = x.shape[-1] // 2
            last = torch.cat([x[:, -1, :half], x[:, 0, half:]], dim=-1)
        else:
            last = x[:, -1]
        return self.head(last)


def sinusoidal_positions(length, width):
    """Same table as tsf's PositionalEncoding: PE(p, 2i) = sin(p / 10000^(2i/width)), PE(p, 2i+1) = cos(.)."""
    position = torch.arange(length, dtype=torch.float32).unsqueeze(1)
    exponent = (2 * (torch.arange(width) // 2)).float() / width
    angle = position / (10000 ** exponent)
    return torch.where(torch.arange(width) % 2 == 0, torch.sin(angle), torch.cos(angle))


class TransformerForecaster(nn.Module):
    """As tsf's transformer: projection + sinusoidal positions -> pre-norm encoder blocks -> LayerNorm -> flatten -> head."""

    def __init__(self, lookback, horizon, d_model, heads, layers, ff_units):
        super().__init__()
        self.embed = nn.Linear(1, d_model)
        self.register_buffer("position", sinusoidal_positions(lookback, d_model))
        layer = nn.TransformerEncoderLayer(d_model, heads, ff_units, dropout=0.0, batch_first=True, norm_first=True)
        self.encoder = nn.TransformerEncoder(layer, layers, norm=nn.LayerNorm(d_model), enable_nested_tensor=False)
        self.head = nn.Linear(lookback * d_model, horizon)

    def forward(self, x):
        h = self.encoder(self.embed(x) + self.position)
        return self.head(h.flatten(1))


class MlpForecaster(nn.Module):
    """As tsf's mlp: the flattened window -> ReLU dense layers (He-uniform kernels) -> linear head (Glorot-uniform), zero biases."""

    def __init__(self, lookback, horizon, hidden):
        super().__init__()
        layers, features = [nn.Flatten()], lookback
        for units in hidden:
            dense = nn.Linear(features, units)
            nn.init.kaiming_uniform_(dense.weight, nonlinearity="relu")
            nn.init.zeros_(dense.bias)
            layers += [dense, nn.ReLU()]
            features = units
        head = nn.Linear(features, horizon)
        nn.init.xavier_uniform_(head.weight)
        nn.init.zeros_(head.bias)
        self.layers = nn.Sequential(*layers, head)

    def forward(self, x):
        return self.layers(x)


class Seq2seqForecaster(nn.Module):
    """As tsf's seq2seq: an LSTM encoder; an LSTM-cell decoder started from the encoder's last state (memory cell from
    zero) with additive attention over the encoder states, fed [previous value, context], emitting W_o [state, context].
    Teacher-forced in training (the tsf case trains with scheduledSampling none), fed its own forecasts otherwise."""

    teacher_forced = True

    def __init__(self, units, attention_units, horizon):
        super().__init__()
        self.encoder = nn.LSTM(1, units, batch_first=True)
        self.cell = nn.LSTMCell(1 + units, units)
        self.query = nn.Linear(units, attention_units)
        self.key = nn.Linear(units, attention_units, bias=False)
        self.score = nn.Linear(attention_units, 1, bias=False)
        self.out = nn.Linear(2 * units, 1)
        self.horizon = horizon

    def forward(self, x, teacher=None):
        states, _ = self.encoder(x)
        keys = self.key(states)
        h = states[:, -1]
        c = torch.zeros_like(h)
        previous = x[:, -1, :1]
        outputs = []
        for t in range(self.horizon):
            if teacher is not None and t > 0:
                previous = teacher[:, t - 1:t]
            alpha = torch.softmax(self.score(torch.tanh(keys + self.query(h).unsqueeze(1))).squeeze(-1), dim=1)
            context = torch.bmm(alpha.unsqueeze(1), states).squeeze(1)
            h, c = self.cell(torch.cat([previous, context], 1), (h, c))
            previous = self.out(torch.cat([h, context], 1))
            outputs.append(previous)
        return torch.cat(outputs, 1)


def build(spec, lookback, horizon):
    if spec["kind"] == "mlp":
        return MlpForecaster(lookback, horizon, spec["hidden"])
    if spec["kind"] == "seq2seq":
        return Seq2seqForecaster(spec["units"][0], spec["attentionUnits"], horizon)
    if spec["kind"] == "transformer":
        return TransformerForecaster(lookback, horizon, spec["dModel"], spec["heads"], spec["layers"], spec["ffUnits"])
    return RecurrentForecaster(spec["kind"], spec["units"], spec.get("bidirectional", False), horizon)


def run_epoch(model, optimizer, x, y, batch_size, generator):
    order = torch.randperm(x.shape[0], generator=generator)
    total, seen = 0.0, 0
    for b in range(0, x.shape[0], batch_size):
        idx = order[b:b + batch_size]
        optimizer.zero_grad(set_to_none=True)
        forecast = model(x[idx], teacher=y[idx]) if getattr(model, "teacher_forced", False) else model(x[idx])
        loss = nn.functional.mse_loss(forecast, y[idx])
        loss.backward()
        optimizer.step()
        total += loss.item() * len(idx)
        seen += len(idx)
    return total / seen


def train(spec, job, train_set, val_set):
    torch.manual_seed(job["seed"])
    generator = torch.Generator().manual_seed(job["seed"])
    model = build(spec, job["lookback"], job["horizon"])
    optimizer = torch.optim.Adam(model.parameters(), lr=job["learningRate"])
    x, y = train_set
    for _ in range(job["warmupEpochs"]):
        run_epoch(model, optimizer, x, y, job["batchSize"], generator)
    started = time.perf_counter()
    for _ in range(job["epochs"]):
        train_loss = run_epoch(model, optimizer, x, y, job["batchSize"], generator)
    seconds = time.perf_counter() - started
    result = {
        "name": spec["name"],
        "samplesPerSecond": job["epochs"] * x.shape[0] / seconds,
        "trainLoss": train_loss,
        "steps": job["epochs"] * math.ceil(x.shape[0] / job["batchSize"]),
    }
    if val_set is not None:
        with torch.no_grad():
            result["valLoss"] = nn.functional.mse_loss(model(val_set[0]), val_set[1]).item()
    return result


def blas_library():
    """Which BLAS the products run on: the library mapped into this process once a product has run."""
    torch.ones(8, 8) @ torch.ones(8, 8)
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "blas" in line.lower() or "mkl" in line.lower()}
    except OSError:
        return "unknown"
    if any("openblas" in p for p in paths):
        return "OpenBLAS"
    if any("mkl" in p for p in paths):
        return "MKL"
    if any(p.endswith("/blas/libblas.so.3") for p in paths):
        return "reference BLAS (libblas3)"
    return ", ".join(sorted(paths)) or "built-in"


def main():
    job = json.load(sys.stdin)
    torch.set_num_threads(job["threads"])
    series = torch.tensor(job["series"], dtype=torch.float32)
    train_set, val_set = split(series, job)
    results = []
    for spec in job["models"]:
        results.append(train(spec, job, train_set, val_set))
        print(json.dumps({"progress": spec["name"]}), file=sys.stderr, flush=True)
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "blas": blas_library(), "results": results}))


if __name__ == "__main__":
    main()
