#!/usr/bin/env bash
# Rebuilds recurrent.wasm from the kernel sources (needs clang, wasm-ld and llvm-objdump: `apt-get install -y clang lld llvm`):
# matmul.c (matrix products), recurrent.c (LSTM, GRU, RNN), dense.c (dense stacks), adam.c (the optimizer step),
# attention.c (softmax and additive attention scores at inference), self-attention.c and layer-norm.c (a Transformer
# block's attention and layer norms in training), linked with LTO.
# The built module is committed, so using the library needs none of them.
#
# The module imports a shared memory so that worker threads can run kernels on the same buffers (see
# kernel-threads.ts). That is only safe because the code keeps everything in wasm locals and never touches
# the linear-memory stack (which all instances would share): the check below fails the build otherwise.
set -euo pipefail
cd "$(dirname "$0")"
clang --target=wasm32 -O3 -flto -msimd128 -matomics -mbulk-memory -nostdlib -ffreestanding -Wall -Wextra -Werror \
  -Wl,--no-entry -Wl,--export-dynamic -Wl,--import-memory -Wl,--shared-memory -Wl,--max-memory=4294967296 \
  -Wl,--export=__heap_base -Wl,--strip-all \
  -o recurrent.wasm matmul.c recurrent.c dense.c adam.c attention.c self-attention.c layer-norm.c
objdump=$(command -v llvm-objdump || command -v llvm-objdump-14 || echo /usr/lib/llvm-14/bin/llvm-objdump)
if "$objdump" -d recurrent.wasm | grep -qE 'global\.(get|set)'; then
  echo "recurrent.wasm uses the linear-memory stack; kernels shared between threads must not" >&2
  exit 1
fi
echo "built $(pwd)/recurrent.wasm ($(stat -c %s recurrent.wasm) bytes)"
