-- SPDX-License-Identifier: Apache-2.0
-- The churn's live set without the churn (bench/capture/speed.sh, SPEED_HEAP=still): SLOTS x PER_SLOT x 3 tables,
-- built once, collected twice (no garbage left to walk), then left still, so every capture walks the same heap
-- (~1.8 M tables with the defaults) and two builds' reports can be compared line by line.
-- Usage: luajit still.lua [SLOTS] [PER_SLOT]; prints "READY <pid>" once built.
local ffi = require('ffi')
ffi.cdef('int getpid(void); unsigned int sleep(unsigned int);')
local slots = tonumber(arg[1]) or 600
local per = tonumber(arg[2]) or 1000
KEEP = {}
for k = 1, slots do
    local t = {}
    for j = 1, per do
        t[j] = {j, {j}, {}}
    end
    KEEP[k] = t
end
collectgarbage()
collectgarbage()
io.write('READY ', ffi.C.getpid(), '\n')
io.flush()
while true do
    ffi.C.sleep(1000)
end
