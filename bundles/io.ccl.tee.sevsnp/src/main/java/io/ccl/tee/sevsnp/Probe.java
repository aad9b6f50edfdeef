package io.ccl.tee.sevsnp; final class Probe {}
