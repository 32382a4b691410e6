#!/usr/bin/python3
"""Writes seqlab's golden fixtures from PyTorch (a generator only; seqlab never depends on PyTorch).

Run from any directory:  /usr/bin/python3 make_golden.py   (Debian package python3-torch, PyTorch 1.13, CPU)
Output goes to ../src/main/resources/seqlab/golden/ relative to this file. See README.md for the format.

Every case seeds its own generator, so adding, removing or reordering cases leaves the others byte-identical.
"""
import json
import math
import os
import struct
import warnings

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "src", "main", "resources", "seqlab", "golden"))

# float64 everywhere PyTorch allows, so the Java side can hold the fixtures to tight tolerances; the two
# safetensors fixtures are float32 on purpose, because F32 is what checkpoints carry.
torch.set_default_dtype(torch.float64)
DTYPE = "float64"

B, T, I, H = 3, 5, 4, 3          # batch, time, input features, hidden units
E, HEADS, FF = 8, 2, 16          # model width, attention heads, feed-forward width

CASES = []


# ----------------------------------------------------------------------------------------------------------
# helpers

def seed(n):
    torch.manual_seed(n)


def tj(t):
    """A tensor as {"shape", "data"}: row-major flat data; bools become 0/1, integers stay integers."""
    t = t.detach().cpu()
    if t.dtype == torch.bool:
        t = t.to(torch.int64)
    data = t.reshape(-1).tolist()
    return {"shape": list(t.shape), "data": data}


def write(case, description, config, tensors):
    config = dict(config)
    config.setdefault("dtype", DTYPE)
    doc = {
        "case": case,
        "torch_version": torch.__version__,
        "description": description,
        "config": config,
        "tensors": {k: tj(v) if torch.is_tensor(v) else v for k, v in tensors.items()},
    }
    path = os.path.join(OUT, case + ".json")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        # allow_nan=False: JSON has no -inf/NaN and Jackson rejects them by default, so fail here instead
        json.dump(doc, f, allow_nan=False, separators=(",", ":"))
        f.write("\n")
    CASES.append(case)


def named_params(module):
    return dict(module.named_parameters())


def grads_of(named):
    return {"grad." + k: v.grad for k, v in named.items()}


def perturb(module, scale=0.1):
    """Adds noise to every parameter. PyTorch initialises LayerNorm to (1, 0) and attention biases to 0, which
    would let an implementation that drops them pass; noise makes every parameter matter."""
    with torch.no_grad():
        for p in module.parameters():
            p.add_(scale * torch.randn_like(p))


def masked_probe(shape, keep):
    """randn(shape) with exact +0.0 where keep is 0 (a product would leave -0.0, which JSON keeps)."""
    r = torch.randn(shape)
    return torch.where(keep.expand(shape) > 0, r, torch.zeros(()))


def length_mask(lengths, steps):
    """(batch, steps) with 1 at real steps."""
    return (torch.arange(steps)[None, :] < torch.tensor(lengths)[:, None]).to(torch.float64)


# ----------------------------------------------------------------------------------------------------------
# 1-4: recurrent layers

def recurrent_case(case, kind, seed_n, *, num_layers=1, bidirectional=False, batch_first=False,
                   nonlinearity=None, proj_size=0, given_state=False, lengths=None, note=""):
    seed(seed_n)
    kwargs = dict(num_layers=num_layers, bidirectional=bidirectional, batch_first=batch_first)
    if kind == "RNN":
        kwargs["nonlinearity"] = nonlinearity
        m = nn.RNN(I, H, **kwargs)
    elif kind == "LSTM":
        kwargs["proj_size"] = proj_size
        m = nn.LSTM(I, H, **kwargs)
    else:
        m = nn.GRU(I, H, **kwargs)
    m.train()
    params = named_params(m)
    dirs = 2 if bidirectional else 1
    out_h = proj_size if proj_size > 0 else H
    x = torch.randn((B, T, I) if batch_first else (T, B, I), requires_grad=True)

    state_in = {}
    if given_state:
        state_in["h0"] = torch.randn(num_layers * dirs, B, out_h, requires_grad=True)
        if kind == "LSTM":
            state_in["c0"] = torch.randn(num_layers * dirs, B, H, requires_grad=True)
    hx = None
    if given_state:
        hx = (state_in["h0"], state_in["c0"]) if kind == "LSTM" else state_in["h0"]

    if lengths is None:
        out, hn = m(x, hx)
        valid = torch.ones(B, T)
    else:
        packed = pack_padded_sequence(x, torch.tensor(lengths), batch_first=batch_first, enforce_sorted=False)
        out_p, hn = m(packed, hx)
        out, out_len = pad_packed_sequence(out_p, batch_first=batch_first, total_length=T)
        assert out_len.tolist() == list(lengths)
        valid = length_mask(lengths, T)
    if kind == "LSTM":
        h_n, c_n = hn
    else:
        h_n, c_n = hn, None

    # valid_mask is (batch, time) whatever the layout; the probe is zero at padded steps so that gradients do
    # not depend on what an implementation leaves there (PyTorch leaves exact zeros, which carry no gradient).
    mask_out = valid.t() if not batch_first else valid
    probe = masked_probe(out.shape, mask_out[:, :, None])
    probe_h = torch.randn(h_n.shape)
    loss = (out * probe).sum() + (h_n * probe_h).sum()
    tensors = {"input": x}
    tensors.update(state_in)
    if lengths is not None:
        tensors["lengths"] = torch.tensor(lengths)
    tensors.update({k: v for k, v in params.items()})
    tensors["output"] = out
    tensors["h_n"] = h_n
    tensors["valid_mask"] = valid
    tensors["grad_probe"] = probe
    tensors["grad_probe_h"] = probe_h
    if c_n is not None:
        probe_c = torch.randn(c_n.shape)
        loss = loss + (c_n * probe_c).sum()
        tensors["c_n"] = c_n
        tensors["grad_probe_c"] = probe_c
    loss.backward()
    tensors["loss"] = loss
    tensors["grad.input"] = x.grad
    for k, v in state_in.items():
        tensors["grad." + k] = v.grad
    tensors.update(grads_of(params))

    config = dict(module="nn." + kind, input_size=I, hidden_size=H, num_layers=num_layers,
                  bidirectional=bidirectional, batch_first=batch_first, bias=True,
                  batch=B, time=T, seed=seed_n, given_initial_state=given_state,
                  loss="sum(output*grad_probe) + sum(h_n*grad_probe_h)" + (" + sum(c_n*grad_probe_c)" if c_n is not None else ""))
    if nonlinearity:
        config["nonlinearity"] = nonlinearity
    if kind == "LSTM":
        config["proj_size"] = proj_size
    if lengths is not None:
        config.update(packed=True, enforce_sorted=False, lengths=list(lengths),
                      padded_output="zeros (pad_packed_sequence, total_length=time)")
    layout = "(batch, time, features)" if batch_first else "(time, batch, features)"
    desc = (f"nn.{kind}({I}, {H}, num_layers={num_layers}, bidirectional={bidirectional}, batch_first={batch_first}"
            + (f", nonlinearity='{nonlinearity}'" if nonlinearity else "")
            + (f", proj_size={proj_size}" if proj_size else "")
            + f"), float64, default init with torch.manual_seed({seed_n}); input {layout}. "
            + ("h0" + ("/c0" if kind == "LSTM" else "") + " given. " if given_state else "Zero initial state. ")
            + (f"Variable lengths {list(lengths)} through pack_padded_sequence(enforce_sorted=False) and "
               "pad_packed_sequence: output is exactly zero at padded steps; input holds random values at padded "
               "steps that must be ignored; h_n/c_n are in the original batch order, forward direction at each "
               "sequence's own last real step, reverse direction after running back to t=0. " if lengths else "")
            + "Gradients of loss = " + config["loss"] + "; grad_probe is zero where valid_mask is 0. "
            + "h_n is (num_layers*num_directions, batch, out) ordered layer-major, direction-minor. " + note)
    write(case, desc.strip(), config, tensors)


def recurrent_cases():
    recurrent_case("rnn_tanh", "RNN", 101, nonlinearity="tanh")
    recurrent_case("rnn_relu_bidir_2layer", "RNN", 102, nonlinearity="relu", num_layers=2, bidirectional=True)
    recurrent_case("lstm_basic", "LSTM", 201)
    recurrent_case("lstm_bidir_2layer", "LSTM", 202, num_layers=2, bidirectional=True, batch_first=True)
    recurrent_case("lstm_proj", "LSTM", 203, proj_size=2,
                   note="proj_size=2: h = weight_hr_l0 @ (o * tanh(c)); h_n has width 2, c_n width 3.")
    recurrent_case("lstm_given_state_bidir_2layer", "LSTM", 204, num_layers=2, bidirectional=True, given_state=True)
    recurrent_case("gru_basic", "GRU", 301)
    recurrent_case("gru_bidir_2layer", "GRU", 302, num_layers=2, bidirectional=True)
    recurrent_case("packed_lstm_bidir_2layer", "LSTM", 401, num_layers=2, bidirectional=True, batch_first=True,
                   lengths=[3, 5, 1])
    recurrent_case("packed_gru_bidir", "GRU", 402, bidirectional=True, batch_first=True, lengths=[2, 5, 4])
    recurrent_case("packed_rnn_tanh", "RNN", 403, nonlinearity="tanh", lengths=[5, 1, 3])


# ----------------------------------------------------------------------------------------------------------
# 5: multi-head attention

def causal_bool(n):
    """1 (True) above the diagonal: position i may not attend to j > i."""
    return torch.triu(torch.ones(n, n, dtype=torch.bool), diagonal=1)


def float_mask(bool_mask):
    return torch.zeros(bool_mask.shape).masked_fill(bool_mask, float("-inf"))


def mha_case(case, seed_n, *, lq, lk, self_attention, key_padding=None, causal=False):
    seed(seed_n)
    m = nn.MultiheadAttention(E, HEADS, dropout=0.0, batch_first=True)
    perturb(m)
    m.train()  # training mode (dropout 0) keeps PyTorch on the composed math path, not the fused fast path
    params = named_params(m)
    tensors = {}
    if self_attention:
        x = torch.randn(B, lq, E, requires_grad=True)
        q = k = v = x
        tensors["input"] = x
    else:
        q = torch.randn(B, lq, E, requires_grad=True)
        k = torch.randn(B, lk, E, requires_grad=True)
        v = torch.randn(B, lk, E, requires_grad=True)
        tensors.update(query=q, key=k, value=v)
    kpm = None
    if key_padding is not None:
        kpm = 1.0 - length_mask(key_padding, lk)
        kpm = kpm.to(torch.bool)
        tensors["key_padding_mask"] = kpm
    am = None
    if causal:
        am_bool = causal_bool(lq)
        am = float_mask(am_bool)
        tensors["attn_mask"] = am_bool
    tensors.update(params)
    out, w = m(q, k, v, key_padding_mask=kpm, attn_mask=am, need_weights=True, average_attn_weights=True)
    out2, w_heads = m(q, k, v, key_padding_mask=kpm, attn_mask=am, need_weights=True, average_attn_weights=False)
    assert torch.equal(out, out2)
    probe = torch.randn(out.shape)
    loss = (out * probe).sum()
    loss.backward()
    tensors.update(output=out, attn_weights=w, attn_weights_per_head=w_heads, grad_probe=probe, loss=loss)
    if self_attention:
        tensors["grad.input"] = x.grad
    else:
        tensors.update({"grad.query": q.grad, "grad.key": k.grad, "grad.value": v.grad})
    tensors.update(grads_of(params))
    config = dict(module="nn.MultiheadAttention", embed_dim=E, num_heads=HEADS, dropout=0.0, batch_first=True,
                  bias=True, add_bias_kv=False, add_zero_attn=False, batch=B, query_length=lq, key_length=lk,
                  self_attention=self_attention, seed=seed_n, training_mode=True,
                  loss="sum(output*grad_probe)")
    if key_padding is not None:
        config["key_lengths"] = list(key_padding)
    if causal:
        config["attn_mask_given_to_torch"] = "float (lq, lk): -inf where stored attn_mask is 1, else 0"
    desc = (f"nn.MultiheadAttention({E}, {HEADS}, dropout=0.0, batch_first=True), float64, params = default init "
            f"+ 0.1*randn (seed {seed_n}) so in_proj_bias/out_proj.bias are nonzero; module in training mode so "
            "the math path is used. "
            + ("Self-attention: query = key = value = input, so grad.input sums all three uses. " if self_attention
               else f"Cross-attention: query length {lq}, key/value length {lk}, distinct key and value tensors. ")
            + (f"key_padding_mask from key lengths {list(key_padding)} (1 = padded, ignored; bool in PyTorch). "
               if key_padding is not None else "")
            + ("Causal attn_mask: stored as 1 above the diagonal (masked); PyTorch got the float form, -inf there. "
               if causal else "")
            + "attn_weights: average_attn_weights=True, (batch, lq, lk); attn_weights_per_head: "
            "average_attn_weights=False, (batch, heads, lq, lk). Gradients of sum(output*grad_probe).")
    write(case, desc, config, tensors)


def attention_cases():
    mha_case("mha_self_key_padding", 501, lq=T, lk=T, self_attention=True, key_padding=[5, 3, 2])
    mha_case("mha_self_causal", 502, lq=T, lk=T, self_attention=True, causal=True)
    mha_case("mha_cross", 503, lq=4, lk=6, self_attention=False, key_padding=[6, 4, 5])


# ----------------------------------------------------------------------------------------------------------
# 6-7: Transformer encoder and decoder

def encoder_case(case, seed_n, *, norm_first, stack=0):
    seed(seed_n)
    layer = nn.TransformerEncoderLayer(E, HEADS, FF, dropout=0.0, activation="relu", batch_first=True,
                                       norm_first=norm_first)
    if stack:
        m = nn.TransformerEncoder(layer, stack, norm=None, enable_nested_tensor=False)
    else:
        m = layer
    # nn.TransformerEncoder deep-copies the layer; noise also makes the stacked copies differ from each other
    perturb(m)
    m.train()  # training mode with dropout 0: the fast path is an eval-only path, so this is the math path
    params = named_params(m)
    lengths = [5, 3, 4]
    x = torch.randn(B, T, E, requires_grad=True)
    valid = length_mask(lengths, T)
    kpm = (1.0 - valid).to(torch.bool)
    out = m(x, src_key_padding_mask=kpm)
    probe = masked_probe(out.shape, valid[:, :, None])
    loss = (out * probe).sum()
    loss.backward()
    tensors = {"input": x, "key_padding_mask": kpm}
    tensors.update(params)
    tensors.update(output=out, valid_mask=valid, grad_probe=probe, loss=loss)
    tensors["grad.input"] = x.grad
    tensors.update(grads_of(params))
    config = dict(module="nn.TransformerEncoder" if stack else "nn.TransformerEncoderLayer", d_model=E,
                  nhead=HEADS, dim_feedforward=FF, dropout=0.0, activation="relu", batch_first=True,
                  norm_first=norm_first, layer_norm_eps=1e-5, batch=B, time=T, lengths=lengths, seed=seed_n,
                  training_mode=True, fast_path=False, loss="sum(output*grad_probe)")
    if stack:
        config.update(num_layers=stack, final_norm=False, enable_nested_tensor=False)
    desc = ((f"nn.TransformerEncoder(nn.TransformerEncoderLayer(...), num_layers={stack}, norm=None, "
             "enable_nested_tensor=False) over " if stack else "")
            + f"nn.TransformerEncoderLayer(d_model={E}, nhead={HEADS}, dim_feedforward={FF}, dropout=0.0, "
            f"activation='relu', batch_first=True, norm_first={norm_first}) "
            + ("(pre-norm)" if norm_first else "(post-norm)")
            + f", float64, params = default init + 0.1*randn (seed {seed_n}). Computed in training mode with "
            "dropout 0, so the normal math path runs (not the eval fast path). src_key_padding_mask from lengths "
            f"{lengths} (1 = padded). Only positions where valid_mask is 1 are meaningful: padded outputs are "
            "arbitrary (PyTorch's math path computes them; its nested-tensor path would give zeros). grad_probe "
            "is zero at padded positions, so gradients depend only on real positions.")
    write(case, desc, config, tensors)


def decoder_case(case, seed_n, *, norm_first):
    seed(seed_n)
    m = nn.TransformerDecoderLayer(E, HEADS, FF, dropout=0.0, activation="relu", batch_first=True,
                                   norm_first=norm_first)
    perturb(m)
    m.train()
    params = named_params(m)
    t_len, s_len, mem_lengths = 4, 6, [6, 4, 5]
    tgt = torch.randn(B, t_len, E, requires_grad=True)
    memory = torch.randn(B, s_len, E, requires_grad=True)
    mkpm = (1.0 - length_mask(mem_lengths, s_len)).to(torch.bool)
    causal = causal_bool(t_len)
    out = m(tgt, memory, tgt_mask=float_mask(causal), memory_key_padding_mask=mkpm)
    probe = torch.randn(out.shape)
    loss = (out * probe).sum()
    loss.backward()
    tensors = {"tgt": tgt, "memory": memory, "tgt_mask": causal, "memory_key_padding_mask": mkpm}
    tensors.update(params)
    tensors.update(output=out, grad_probe=probe, loss=loss)
    tensors["grad.tgt"] = tgt.grad
    tensors["grad.memory"] = memory.grad
    tensors.update(grads_of(params))
    config = dict(module="nn.TransformerDecoderLayer", d_model=E, nhead=HEADS, dim_feedforward=FF, dropout=0.0,
                  activation="relu", batch_first=True, norm_first=norm_first, layer_norm_eps=1e-5, batch=B,
                  tgt_length=t_len, memory_length=s_len, memory_lengths=mem_lengths, seed=seed_n,
                  training_mode=True, loss="sum(output*grad_probe)",
                  tgt_mask_given_to_torch="float (tgt, tgt): -inf where stored tgt_mask is 1, else 0")
    desc = (f"nn.TransformerDecoderLayer(d_model={E}, nhead={HEADS}, dim_feedforward={FF}, dropout=0.0, "
            f"activation='relu', batch_first=True, norm_first={norm_first}) "
            + ("(pre-norm)" if norm_first else "(post-norm)")
            + f", float64, params = default init + 0.1*randn (seed {seed_n}), training mode (math path). "
            f"tgt (batch, {t_len}, {E}), memory (batch, {s_len}, {E}); causal tgt_mask stored as 1 above the "
            f"diagonal (PyTorch got -inf there); memory_key_padding_mask from memory lengths {mem_lengths} "
            "(1 = padded). Every output position is real. Gradients of sum(output*grad_probe).")
    write(case, desc, config, tensors)


def transformer_cases():
    encoder_case("transformer_encoder_layer_postnorm", 601, norm_first=False)
    encoder_case("transformer_encoder_layer_prenorm", 602, norm_first=True)
    encoder_case("transformer_encoder_2layer_postnorm", 603, norm_first=False, stack=2)
    decoder_case("transformer_decoder_layer_postnorm", 701, norm_first=False)
    decoder_case("transformer_decoder_layer_prenorm", 702, norm_first=True)


# ----------------------------------------------------------------------------------------------------------
# 8-9: convolution, layer norm, embedding

def conv_case(case, seed_n, *, causal):
    seed(seed_n)
    cin, cout, k, dil, width = 4, 5, 3, 2, 8
    m = nn.Conv1d(cin, cout, k, dilation=dil, padding=0, bias=True)
    m.train()
    params = named_params(m)
    x = torch.randn(B, cin, width, requires_grad=True)
    left = dil * (k - 1) if causal else 0
    out = m(F.pad(x, (left, 0)) if causal else x)
    probe = torch.randn(out.shape)
    loss = (out * probe).sum()
    loss.backward()
    tensors = {"input": x}
    tensors.update(params)
    tensors.update(output=out, grad_probe=probe, loss=loss)
    tensors["grad.input"] = x.grad
    tensors.update(grads_of(params))
    config = dict(module="nn.Conv1d", in_channels=cin, out_channels=cout, kernel_size=k, dilation=dil,
                  padding=0, stride=1, bias=True, batch=B, width=width, causal=causal, left_pad=left,
                  layout="(batch, channels, time)", seed=seed_n, loss="sum(output*grad_probe)")
    desc = (f"nn.Conv1d({cin}, {cout}, kernel_size={k}, dilation={dil}, padding=0, bias=True), float64, "
            f"default init (seed {seed_n}); input (batch, channels, time) = ({B}, {cin}, {width}). "
            + (f"Causal: F.pad(input, ({left}, 0)) with zeros then conv1d, so output keeps width {width} and "
               "step t sees only steps <= t. " if causal
               else f"Valid convolution: output width {width} - {dil}*({k}-1) = {width - dil * (k - 1)}. ")
            + "Gradients of sum(output*grad_probe).")
    write(case, desc, config, tensors)


def layernorm_case():
    seed(801)
    m = nn.LayerNorm(E)
    perturb(m)
    params = named_params(m)
    x = torch.randn(B, T, E, requires_grad=True)
    out = m(x)
    probe = torch.randn(out.shape)
    loss = (out * probe).sum()
    loss.backward()
    tensors = {"input": x}
    tensors.update(params)
    tensors.update(output=out, grad_probe=probe, loss=loss)
    tensors["grad.input"] = x.grad
    tensors.update(grads_of(params))
    write("layernorm", f"nn.LayerNorm({E}) (eps 1e-5, biased variance, elementwise affine), float64, weight/bias = "
          "(1, 0) + 0.1*randn (seed 801); input (3, 5, 8) normalised over the last axis. Gradients of "
          "sum(output*grad_probe).",
          dict(module="nn.LayerNorm", normalized_shape=[E], eps=1e-5, elementwise_affine=True, seed=801,
               loss="sum(output*grad_probe)"), tensors)


def embedding_case(case, seed_n, padding_idx):
    seed(seed_n)
    vocab, dim = 10, 4
    m = nn.Embedding(vocab, dim, padding_idx=padding_idx)
    params = named_params(m)
    ids = torch.tensor([[1, 2, 3, 2, 0], [7, 7, 7, 1, 0], [9, 0, 2, 2, 5]])  # repeats: gradients accumulate
    out = m(ids)
    probe = torch.randn(out.shape)
    loss = (out * probe).sum()
    loss.backward()
    tensors = {"input": ids}
    tensors.update(params)
    tensors.update(output=out, grad_probe=probe, loss=loss)
    tensors.update(grads_of(params))
    desc = (f"nn.Embedding({vocab}, {dim}" + (f", padding_idx={padding_idx}" if padding_idx is not None else "")
            + f"), float64, default init N(0,1) (seed {seed_n}); input indices (3, 5) with repeated ids, so "
            "grad.weight accumulates one row per occurrence"
            + (f"; row {padding_idx} is zero at init and receives no gradient" if padding_idx is not None else "")
            + ". Gradients of sum(output*grad_probe).")
    config = dict(module="nn.Embedding", num_embeddings=vocab, embedding_dim=dim, seed=seed_n,
                  loss="sum(output*grad_probe)")
    config["padding_idx"] = padding_idx  # JSON null when absent
    if padding_idx is not None:
        desc += " " + embedding_training(m, padding_idx, tensors, config)
    write(case, desc, config, tensors)


def embedding_training(m, padding_idx, tensors, config, steps=3):
    """Appends training traces to an embedding case (drawn after its other tensors, which stay as they were).

    Three traces, each from a fresh copy: Adam with L2 weight decay and AdamW from the initial weight, where the
    padding row must stay exactly zero; and Adam with L2 decay from a loaded weight whose padding row is not zero
    (PyTorch keeps a loaded row as it is; the loss sends it nothing, but weight decay still moves it)."""
    vocab, dim = m.weight.shape
    batch, time = tensors["input"].shape
    ids = torch.randint(0, vocab, (steps, batch, time))
    ids[:, :, -1] = padding_idx  # padding in every batch, as a padded batch has
    probes = torch.randn(steps, batch, time, dim)
    loaded = m.weight.detach().clone()
    loaded[padding_idx] = torch.randn(dim)
    lr, wd = 0.1, 0.1
    O = torch.optim

    def trace(start, make_opt):
        e = nn.Embedding(vocab, dim, padding_idx=padding_idx)
        e.load_state_dict({"weight": start})
        opt = make_opt(e.parameters())
        after = []
        for s in range(steps):
            opt.zero_grad()
            (e(ids[s]) * probes[s]).sum().backward()
            opt.step()
            after.append(e.weight.detach().clone())
        return torch.stack(after)

    with torch.no_grad():
        loaded_output = nn.Embedding.from_pretrained(loaded, freeze=False, padding_idx=padding_idx)(tensors["input"])
    tensors["train.ids"] = ids
    tensors["train.grad_probes"] = probes
    tensors["train.adam_wd.weight"] = trace(m.weight.detach().clone(), lambda ps: O.Adam(ps, lr=lr, weight_decay=wd))
    tensors["train.adamw.weight"] = trace(m.weight.detach().clone(), lambda ps: O.AdamW(ps, lr=lr, weight_decay=wd))
    tensors["loaded.weight"] = loaded
    tensors["loaded.output"] = loaded_output
    tensors["loaded.train.adam_wd.weight"] = trace(loaded, lambda ps: O.Adam(ps, lr=lr, weight_decay=wd))
    config["training"] = dict(steps=steps, lr=lr, weight_decay=wd, adam="torch.optim.Adam(lr, weight_decay)",
                              adamw="torch.optim.AdamW(lr, weight_decay)",
                              loss="sum(embedding(train.ids[s]) * train.grad_probes[s])")
    return (f"Training: {steps} steps on ids train.ids[s] (last column = padding) with loss "
            "sum(embedding(train.ids[s])*train.grad_probes[s]); train.adam_wd.weight[s] / train.adamw.weight[s] = the "
            f"weight after step s with Adam(lr={lr}, weight_decay={wd}) / AdamW(lr={lr}, weight_decay={wd}) from "
            f"weight (row {padding_idx} stays exactly 0). loaded.weight = weight with a non-zero row {padding_idx}, "
            "as load_state_dict or from_pretrained take it; loaded.output = its lookup of input; "
            "loaded.train.adam_wd.weight = the Adam trace from it (the row gets no loss gradient but weight decay "
            "moves it).")


def small_layer_cases():
    conv_case("conv1d_dilated", 851, causal=False)
    conv_case("conv1d_causal", 852, causal=True)
    layernorm_case()
    embedding_case("embedding", 901, None)
    embedding_case("embedding_padding_idx", 902, 0)


# ----------------------------------------------------------------------------------------------------------
# 10: losses

def loss_case(case, seed_n, fn, description, config, make):
    seed(seed_n)
    x, target = make()
    x.requires_grad_(True)
    loss = fn(x, target)
    loss.backward()
    config = dict(config)
    config.setdefault("reduction", "mean")
    config["seed"] = seed_n
    write(case, description, config, {"input": x, "target": target, "loss": loss, "grad.input": x.grad})


def loss_cases():
    n, c, ignore = 6, 5, -100

    def logits_and_classes(with_ignore):
        def make():
            x = torch.randn(n, c) * 2
            t = torch.randint(0, c, (n,))
            if with_ignore:
                t[1] = ignore
                t[4] = ignore
            return x, t
        return make

    loss_case("loss_cross_entropy_smoothing_ignore", 1001,
              lambda x, t: F.cross_entropy(x, t, ignore_index=ignore, label_smoothing=0.1, reduction="mean"),
              f"F.cross_entropy(input, target, ignore_index={ignore}, label_smoothing=0.1, reduction='mean'), "
              f"float64: input = logits ({n}, {c}), target = class ids with two entries = {ignore}. Ignored rows "
              "contribute neither loss nor gradient and the mean divides by the number of non-ignored rows (4). "
              "Smoothed target = (1-0.1)*onehot + 0.1/C.",
              dict(function="F.cross_entropy", classes=c, ignore_index=ignore, label_smoothing=0.1),
              logits_and_classes(True))
    loss_case("loss_cross_entropy", 1002, lambda x, t: F.cross_entropy(x, t),
              f"F.cross_entropy(input, target), float64, defaults (no smoothing, mean over {n} rows); input = "
              f"logits ({n}, {c}).",
              dict(function="F.cross_entropy", classes=c, ignore_index=ignore, label_smoothing=0.0),
              logits_and_classes(False))

    def sequence_logits():
        # (batch 3, time 5, classes 7) with right padding: target id 0 is <pad>, as in seqlab's vocabularies
        x = torch.randn(3, 5, 7) * 2
        t = torch.randint(1, 7, (3, 5))
        t[0, 4:] = 0
        t[2, 2:] = 0
        return x, t

    loss_case("loss_sequence_cross_entropy_smoothing_pad", 1003,
              lambda x, t: nn.CrossEntropyLoss(ignore_index=0, label_smoothing=0.1)(x.reshape(-1, 7), t.reshape(-1)),
              "nn.CrossEntropyLoss(ignore_index=0, label_smoothing=0.1) on logits (3, 5, 7) flattened to (15, 7) and "
              "targets (3, 5) flattened to (15), float64, as a seq2seq decoder's token loss: targets are right-padded "
              "with id 0 (<pad>; rows 0 and 2 have 4 and 2 real tokens), padded steps add neither loss nor gradient and "
              "the mean is over the 11 real tokens. seqlab: Losses.sequenceCrossEntropy(input, target, mask = "
              "target != 0, 0.1).",
              dict(function="nn.CrossEntropyLoss", classes=7, ignore_index=0, label_smoothing=0.1),
              sequence_logits)

    def regression():
        x = torch.randn(B, T) * 1.5
        return x, torch.randn(B, T)

    loss_case("loss_mse", 1011, lambda x, t: F.mse_loss(x, t),
              "F.mse_loss(input, target, reduction='mean'), float64, (3, 5).",
              dict(function="F.mse_loss"), regression)
    loss_case("loss_l1", 1012, lambda x, t: F.l1_loss(x, t),
              "F.l1_loss(input, target, reduction='mean'), float64, (3, 5); no element has input == target.",
              dict(function="F.l1_loss"), regression)
    loss_case("loss_huber_delta1", 1013, lambda x, t: F.huber_loss(x, t, delta=1.0),
              "F.huber_loss(input, target, delta=1.0, reduction='mean'), float64, (3, 5). Huber: 0.5*d^2 if "
              "|d| < delta else delta*(|d| - 0.5*delta). With delta=1 it equals smooth_l1(beta=1).",
              dict(function="F.huber_loss", delta=1.0), regression)
    loss_case("loss_huber_delta0_5", 1014, lambda x, t: F.huber_loss(x, t, delta=0.5),
              "F.huber_loss(input, target, delta=0.5, reduction='mean'), float64, (3, 5). For delta != 1, "
              "huber(delta) = delta * smooth_l1(beta=delta): compare loss_smooth_l1_beta0_5 (same data).",
              dict(function="F.huber_loss", delta=0.5), regression)
    loss_case("loss_smooth_l1_beta0_5", 1014, lambda x, t: F.smooth_l1_loss(x, t, beta=0.5),
              "F.smooth_l1_loss(input, target, beta=0.5, reduction='mean'), float64, (3, 5), same data as "
              "loss_huber_delta0_5. smooth_l1: 0.5*d^2/beta if |d| < beta else |d| - 0.5*beta, i.e. huber/beta.",
              dict(function="F.smooth_l1_loss", beta=0.5), regression)


def probabilistic_loss_cases():
    """Losses of probabilistic forecasting heads: Gaussian NLL (with a given variance, and from a softplus scale)
    and the quantile (pinball) loss, which PyTorch has no function for and is written out here in torch ops."""
    seed(1021)
    x = torch.randn(B, T) * 1.5
    target = torch.randn(B, T)
    var = torch.rand(B, T) * 2 + 0.05
    var[0, 0] = 1e-8   # below eps: PyTorch clamps the value, not the gradient
    x.requires_grad_(True)
    var.requires_grad_(True)
    loss = F.gaussian_nll_loss(x, target, var, full=False, eps=1e-6, reduction="mean")
    loss.backward()
    write("loss_gaussian_nll", "F.gaussian_nll_loss(input, target, var, full=False, eps=1e-6, reduction='mean'), "
          "float64, (3, 5); var[0, 0] = 1e-8 is below eps, so its value is clamped to eps while its gradient flows "
          "as if unclamped (PyTorch clamps in place under no_grad).",
          dict(function="F.gaussian_nll_loss", full=False, eps=1e-6, reduction="mean", seed=1021),
          {"input": x, "target": target, "var": var, "loss": loss, "grad.input": x.grad, "grad.var": var.grad})

    seed(1022)
    x = torch.randn(B, T) * 1.5
    target = torch.randn(B, T)
    var = torch.rand(B, 1) * 2 + 0.05
    x.requires_grad_(True)
    var.requires_grad_(True)
    loss = F.gaussian_nll_loss(x, target, var, full=True, eps=1e-6, reduction="mean")
    loss.backward()
    write("loss_gaussian_nll_full_row_var", "F.gaussian_nll_loss(input, target, var, full=True, reduction='mean'), "
          "float64, input (3, 5), var (3, 1): one variance per row, broadcast; full adds 0.5*log(2*pi).",
          dict(function="F.gaussian_nll_loss", full=True, eps=1e-6, reduction="mean", seed=1022),
          {"input": x, "target": target, "var": var, "loss": loss, "grad.input": x.grad, "grad.var": var.grad})

    seed(1023)
    mean = torch.randn(B, T) * 1.5
    target = torch.randn(B, T)
    raw = torch.randn(B, T) * 0.5 + 0.5
    raw[0, 1] = 25.0    # above softplus's threshold 20: softplus(x) = x
    raw[1, 2] = -30.0   # softplus ~ 1e-13: the scale is the floor min_scale
    target[1, 2] = mean[1, 2] + 5e-4   # so that element's z is 0.5, not 1000
    min_scale = 1e-3
    mean.requires_grad_(True)
    raw.requires_grad_(True)
    sd = F.softplus(raw) + min_scale
    loss = F.gaussian_nll_loss(mean, target, sd ** 2, full=True, eps=1e-12, reduction="mean")
    loss.backward()
    write("loss_gaussian_nll_softplus", "sd = F.softplus(raw_scale) + 1e-3; F.gaussian_nll_loss(input, target, sd**2, "
          "full=True, eps=1e-12, reduction='mean'), float64, (3, 5): the Gaussian head's loss, "
          "mean(log sd + 0.5*((target - input)/sd)^2 + 0.5*log(2*pi)). raw_scale[0, 1] = 25 exercises softplus's "
          "threshold (20), raw_scale[1, 2] = -30 the floor (its target is 5e-4 from the mean).",
          dict(function="F.gaussian_nll_loss", full=True, min_scale=min_scale, softplus_threshold=20,
               reduction="mean", seed=1023),
          {"input": mean, "target": target, "raw_scale": raw, "loss": loss, "grad.input": mean.grad,
           "grad.raw_scale": raw.grad})

    seed(1024)
    levels = torch.tensor([0.1, 0.5, 0.9])
    pred = torch.randn(B, T, 3) * 1.5
    target = torch.randn(B, T)
    pred.requires_grad_(True)
    err = target.unsqueeze(-1) - pred
    loss = torch.max(levels * err, (levels - 1) * err).mean()
    loss.backward()
    write("loss_quantile", "Quantile (pinball) loss, written in torch ops: err = target.unsqueeze(-1) - input; "
          "torch.max(tau*err, (tau - 1)*err).mean() over (3, 5, 3) with tau = (0.1, 0.5, 0.9) on the last axis; "
          "float64; no element has err == 0.",
          dict(function="pinball", levels=[0.1, 0.5, 0.9], reduction="mean over elements and levels", seed=1024),
          {"input": pred, "target": target, "loss": loss, "grad.input": pred.grad})


# ----------------------------------------------------------------------------------------------------------
# 11: optimizers

def simple(v):
    return v if isinstance(v, (bool, int, float, str)) or v is None else (list(v) if isinstance(v, tuple) else str(v))


def optimizer_case(case, make, description):
    seed(1100)  # the same parameter and gradients for every optimizer, so the cases compare side by side
    p0 = torch.randn(5)
    grads = torch.randn(3, 5) * torch.tensor([1.0, 0.5, 2.0, 0.1, 1.0])
    grads[1, 3] = 0.0  # a zero gradient entry: moments decay without input
    p = nn.Parameter(p0.clone())
    opt = make([p])
    after = []
    for g in grads:
        p.grad = g.clone()
        opt.step()
        after.append(p.detach().clone())
    group = {k: simple(v) for k, v in opt.param_groups[0].items() if k != "params"}
    config = dict(optimizer=type(opt).__name__, steps=3, hyperparameters=group)
    write(case, description + " float64. param_init, then for each step s: p.grad = grads[s]; "
          "optimizer.step(); params[s] = the parameter after that step.",
          config, {"param_init": p0, "grads": grads, "params": torch.stack(after)})


def optimizer_cases():
    O = torch.optim
    optimizer_case("opt_sgd_momentum", lambda ps: O.SGD(ps, lr=0.1, momentum=0.9),
                   "torch.optim.SGD(lr=0.1, momentum=0.9); the first step sets the buffer to the gradient (no "
                   "dampening).")
    optimizer_case("opt_sgd_nesterov_wd", lambda ps: O.SGD(ps, lr=0.1, momentum=0.9, nesterov=True,
                                                           weight_decay=0.01),
                   "torch.optim.SGD(lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01); weight decay is added "
                   "to the gradient (L2) before momentum.")
    optimizer_case("opt_adam", lambda ps: O.Adam(ps, lr=1e-2),
                   "torch.optim.Adam(lr=1e-2), betas (0.9, 0.999), eps 1e-8 added after bias-corrected sqrt.")
    optimizer_case("opt_adam_wd", lambda ps: O.Adam(ps, lr=1e-2, weight_decay=0.01),
                   "torch.optim.Adam(lr=1e-2, weight_decay=0.01): L2, weight_decay*p added to the gradient before "
                   "the moments (not decoupled).")
    optimizer_case("opt_adamw", lambda ps: O.AdamW(ps, lr=1e-2, weight_decay=0.01),
                   "torch.optim.AdamW(lr=1e-2, weight_decay=0.01): decoupled decay p *= 1 - lr*weight_decay before "
                   "the Adam update.")
    optimizer_case("opt_rmsprop", lambda ps: O.RMSprop(ps, lr=1e-2, alpha=0.99, eps=1e-8),
                   "torch.optim.RMSprop(lr=1e-2, alpha=0.99, eps=1e-8); eps added outside the sqrt.")
    optimizer_case("opt_rmsprop_momentum_centered",
                   lambda ps: O.RMSprop(ps, lr=1e-2, alpha=0.99, eps=1e-8, momentum=0.9, centered=True),
                   "torch.optim.RMSprop(lr=1e-2, alpha=0.99, eps=1e-8, momentum=0.9, centered=True): denominator "
                   "sqrt(E[g^2] - E[g]^2) + eps, then a momentum buffer.")


# ----------------------------------------------------------------------------------------------------------
# 12: learning-rate schedules

BASE_LR, EPOCHS = 0.1, 12


def schedule_case(case, make, description, config):
    p = nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=BASE_LR)
    sched = make(opt)
    lrs = []
    for _ in range(EPOCHS):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    config = dict(config, base_lr=BASE_LR, epochs=EPOCHS, scheduler=type(sched).__name__)
    write(case, description + f" Base lr {BASE_LR} (SGD). lr[e] is the lr in effect during epoch e: read "
          "before optimizer.step(), scheduler.step() called once after each epoch.",
          config, {"lr": torch.tensor(lrs)})


def warmup_linear(warmup, total):
    def factor(e):
        if e < warmup:
            return e / warmup
        return max(0.0, (total - e) / (total - warmup))
    return factor


def noam(d_model, warmup):
    def factor(t):
        step = t + 1
        return d_model ** -0.5 * min(step ** -0.5, step * warmup ** -1.5)
    return factor


def schedule_cases():
    S = torch.optim.lr_scheduler
    # SequentialLR itself calls step(0) at a milestone, which trips PyTorch's own deprecation warning
    warnings.filterwarnings("ignore", message="The epoch parameter", category=UserWarning)
    schedule_case("sched_step", lambda o: S.StepLR(o, step_size=3, gamma=0.5),
                  "StepLR(step_size=3, gamma=0.5).", dict(step_size=3, gamma=0.5))
    schedule_case("sched_exponential", lambda o: S.ExponentialLR(o, gamma=0.9),
                  "ExponentialLR(gamma=0.9).", dict(gamma=0.9))
    schedule_case("sched_cosine", lambda o: S.CosineAnnealingLR(o, T_max=10, eta_min=1e-4),
                  "CosineAnnealingLR(T_max=10, eta_min=1e-4): reaches eta_min at epoch 10, then (PyTorch's "
                  "behaviour past T_max) rises again along the same cosine, period 2*T_max.",
                  dict(T_max=10, eta_min=1e-4))
    schedule_case("sched_warmup_linear", lambda o: S.LambdaLR(o, warmup_linear(3, 12)),
                  "LambdaLR with factor(e) = e/3 for e < 3, else max(0, (12 - e)/9): linear warm-up from 0 over 3 "
                  "epochs, then linear decay reaching 0 at epoch 12.",
                  dict(warmup_epochs=3, total_epochs=12, factor="e/3 if e < 3 else max(0, (12-e)/9)"))
    schedule_case("sched_linear_then_cosine",
                  lambda o: S.SequentialLR(o, [S.LinearLR(o, start_factor=0.25, end_factor=1.0, total_iters=3),
                                               S.CosineAnnealingLR(o, T_max=9, eta_min=0.0)], milestones=[3]),
                  "SequentialLR(milestones=[3]) of LinearLR(start_factor=0.25, end_factor=1.0, total_iters=3) then "
                  "CosineAnnealingLR(T_max=9, eta_min=0): lr 0.25*base at epoch 0 rising linearly to base at "
                  "epoch 3, then cosine from base at epoch 3 toward 0 at epoch 12.",
                  dict(milestones=[3], linear_start_factor=0.25, linear_end_factor=1.0, linear_total_iters=3,
                       cosine_T_max=9, cosine_eta_min=0.0))

    schedule_case("sched_noam", lambda o: S.LambdaLR(o, noam(8, 4)),
                  "LambdaLR with factor(t) = 8^-0.5 * min((t+1)^-0.5, (t+1) * 4^-1.5): Vaswani et al. 2017, eq. 3, "
                  "with d_model 8 and 4 warm-up steps, step_num = t + 1 counting optimizer steps from 1; rises "
                  "linearly to its peak at step 4 (t = 3), then decays as 1/sqrt(step).",
                  dict(d_model=8, warmup_steps=4, factor="8**-0.5 * min((t+1)**-0.5, (t+1) * 4**-1.5)"))

    # ReduceLROnPlateau steps on a metric, so it records the lr after each step instead
    val = [1.0, 0.9, 0.85, 0.86, 0.87, 0.88, 0.84, 0.845, 0.85, 0.86, 0.9, 0.95]
    p = nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=BASE_LR)
    sched = S.ReduceLROnPlateau(opt, mode="min", factor=0.5, patience=2)
    lrs = []
    for v in val:
        opt.step()
        sched.step(v)
        lrs.append(opt.param_groups[0]["lr"])
    write("sched_reduce_on_plateau",
          f"ReduceLROnPlateau(mode='min', factor=0.5, patience=2, threshold=1e-4, threshold_mode='rel', "
          f"cooldown=0, min_lr=0, eps=1e-8), base lr {BASE_LR} (SGD). For each epoch e: scheduler.step(val_loss[e]) "
          "then lr[e] = the lr after that call, i.e. the lr for epoch e+1. An epoch counts as better only if "
          "val_loss < best*(1 - 1e-4); the lr halves once more than 2 epochs in a row were not better.",
          dict(scheduler="ReduceLROnPlateau", base_lr=BASE_LR, mode="min", factor=0.5, patience=2, threshold=1e-4,
               threshold_mode="rel", cooldown=0, min_lr=0.0, eps=1e-8, epochs=len(val)),
          {"val_loss": torch.tensor(val), "lr": torch.tensor(lrs)})


# ----------------------------------------------------------------------------------------------------------
# 13: safetensors

def write_safetensors(path, tensors, metadata):
    """The safetensors layout: u64 little-endian header size N, N bytes of UTF-8 JSON (padded with spaces to a
    multiple of 8 so the data is aligned), then the tensors' little-endian bytes back to back."""
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        t = tensors[name].detach().contiguous().to(torch.float32)
        raw = struct.pack("<%df" % t.numel(), *t.reshape(-1).tolist())
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    header["__metadata__"] = metadata
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for raw in blobs:
            f.write(raw)
    return offset


def safetensors_case(name, seed_n, make, module_desc):
    seed(seed_n)
    m = make()
    perturb(m)
    state = {k: v.detach().to(torch.float32) for k, v in m.state_dict().items()}
    os.makedirs(os.path.join(OUT, "safetensors"), exist_ok=True)
    file_name = name + ".safetensors"
    meta = {"format": "pt", "source": "seqlab make_golden.py", "module": module_desc}
    nbytes = write_safetensors(os.path.join(OUT, "safetensors", file_name), state, meta)
    config = dict(dtype="float32", file=file_name, module=module_desc, tensor_count=len(state), data_bytes=nbytes,
                  header_order="tensor names sorted; data in the same order, contiguous", metadata=meta, seed=seed_n)
    write("safetensors/" + name,
          f"state_dict of {module_desc} (float32, default init + 0.1*randn, seed {seed_n}) written by hand in the "
          f"safetensors layout to safetensors/{file_name}; these tensors hold the same float32 values (exact as "
          "doubles) for checking a reader.", config, state)


def safetensors_cases():
    torch.set_default_dtype(torch.float32)
    try:
        safetensors_case("lstm_4_3_2layer_bidir", 1301, lambda: nn.LSTM(4, 3, num_layers=2, bidirectional=True),
                         "nn.LSTM(4, 3, num_layers=2, bidirectional=True)")
        safetensors_case("transformer_encoder_layer_8_2_16", 1302,
                         lambda: nn.TransformerEncoderLayer(8, 2, 16, batch_first=True),
                         "nn.TransformerEncoderLayer(8, 2, 16, batch_first=True)")
    finally:
        torch.set_default_dtype(torch.float64)


# ----------------------------------------------------------------------------------------------------------

def main():
    recurrent_cases()
    attention_cases()
    transformer_cases()
    small_layer_cases()
    loss_cases()
    probabilistic_loss_cases()
    optimizer_cases()
    schedule_cases()
    safetensors_cases()
    index = {"torch_version": torch.__version__, "generator": "engines/conformance/golden/make_golden.py",
             "cases": CASES,
             "safetensors": sorted("safetensors/" + f for f in os.listdir(os.path.join(OUT, "safetensors"))
                                   if f.endswith(".safetensors"))}
    with open(os.path.join(OUT, "index.json"), "w", encoding="utf-8") as f:
        json.dump(index, f, indent=1)
        f.write("\n")
    total = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(OUT) for f in fs)
    print(f"wrote {len(CASES)} cases, {total} bytes, to {OUT}")


if __name__ == "__main__":
    main()
