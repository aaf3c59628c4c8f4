"""Instruction costs per wasm function between two callgrind runs of bench/fit-count.ts.

    /usr/bin/python3 bench/callgrind-wasm.py build/creditkit.wat callgrind.out.1 callgrind.out.4 [cost|ir|bm]

Subtracts the first run (e.g. --fits 1) from the second (--fits 4) and prints
the difference per function, in millions: cost = instructions + 15 x
mispredicted branches (conditional and indirect, from --branch-sim=yes; the
default), ir = instructions, bm = mispredicted branches. Wasm code has no
symbols: callgrind names it by the address V8's jump table sends calls
through, and slot i of that table (5-byte slots, 12 per 64-byte line, x64)
is the i-th function defined in the .wat (imports excluded).
"""
import re
import subprocess
import sys

wat, before, after = sys.argv[1:4]
mode = sys.argv[4] if len(sys.argv) > 4 else 'cost'
names = [line.split()[1] for line in open(wat) if line.startswith(' (func $')]
number = r'([\d,]+|\.)'
row = re.compile(r'\s*' + r'(?:\s*\([^)]*\))?\s+'.join([number] * 5) + r'(?:\s*\([^)]*\))?\s+(.*)$')


def costs(path):
    out = subprocess.run(['callgrind_annotate', '--inclusive=no', '--threshold=100', path], capture_output=True, text=True, check=True).stdout
    table = {}
    for line in out.splitlines():
        m = row.match(line)
        if not m:
            continue
        ir, _, bcm, _, bim = (0 if x == '.' else int(x.replace(',', '')) for x in m.groups()[:5])
        value = {'cost': ir + 15 * (bcm + bim), 'ir': ir, 'bm': bcm + bim}[mode]
        key = m.group(6).strip()
        slot = re.match(r'\?\?\?:0x[0-9a-f]*?([0-9a-f]{3}) \[\?\?\?\]$', key)
        if slot:
            # The jump table starts on a 4 KiB page; an address in it is a slot's.
            offset = int(slot.group(1), 16)
            i = (offset // 64) * 12 + (offset % 64) // 5
            if offset % 64 % 5 == 0 and offset % 64 < 60 and i < len(names):
                key = names[i]
        if 'PROGRAM TOTALS' in key:
            key = 'total'
        table[key] = table.get(key, 0) + value
    return table


a, b = costs(before), costs(after)
diff = {k: b.get(k, 0) - a.get(k, 0) for k in set(a) | set(b)}
print(f"process total {diff.pop('total', 0) / 1e6:,.0f}")
print(f"wasm functions {sum(v for k, v in diff.items() if k.startswith('$')) / 1e6:,.0f}")
for k, v in sorted(diff.items(), key=lambda kv: -kv[1])[:16]:
    print(f'{v / 1e6:10,.0f}  {k[:100]}')
