# SPDX-License-Identifier: GPL-2.0
#
# lbdr: the module (Kbuild), lbadm (userspace/), tests and packaging.
#
#   make [KDIR=...]       lbdr.ko against KDIR, and lbadm
#   make check            every test suite (host and qemu), one summary line
#   make demo             boot Debian's kernel in qemu and show lbdr live
#   make install          module (KDIR), lbadm, man page, bash completion,
#                         lbdr.service (DESTDIR, PREFIX, UNITDIR honoured)
#   make dkms-install     module sources to /usr/src/lbdr-VERSION for DKMS
#   make style            checkpatch; make sparse: sparse against KDIR
#   make fuzz             lbadm's parsers under libFuzzer (clang) for
#                         FUZZ_SECONDS (60); fails on a crash (tests/fuzz/)

KDIR ?= /lib/modules/$(shell uname -r)/build
PREFIX ?= /usr
DESTDIR ?=
UNITDIR ?= /lib/systemd/system
LBDR_VERSION ?= $(shell module/version.sh)
export LBDR_VERSION

DKMS_SRC := $(DESTDIR)/usr/src/lbdr-$(LBDR_VERSION)

all: module lbadm

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

lbadm:
	$(MAKE) -C userspace

install: module-install lbadm-install

# Under DESTDIR (a package's staging tree) depmod is left to the package.
module-install: module
	$(MAKE) -C $(KDIR) M=$(CURDIR) INSTALL_MOD_PATH=$(DESTDIR) modules_install
	[ -n "$(DESTDIR)" ] || depmod -a $(notdir $(patsubst %/build,%,$(KDIR))) 2>/dev/null || true

# The unit names lbadm where this install puts it.
lbadm-install: lbadm
	$(MAKE) -C userspace install PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)
	install -d $(DESTDIR)$(UNITDIR)
	sed 's|/usr/sbin/lbadm|$(PREFIX)/sbin/lbadm|g' userspace/lbdr.service \
		> $(DESTDIR)$(UNITDIR)/lbdr.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/lbdr.service

# Module sources only: DKMS never sees the tests or userspace.
dkms-install:
	install -d $(DKMS_SRC)/module $(DKMS_SRC)/include/uapi/linux
	install -m 0644 Kbuild $(DKMS_SRC)/Kbuild
	install -m 0644 module/*.c module/*.h module/compat.mk $(DKMS_SRC)/module/
	install -m 0755 module/version.sh $(DKMS_SRC)/module/
	install -m 0644 include/uapi/linux/lbdr.h $(DKMS_SRC)/include/uapi/linux/
	echo '$(LBDR_VERSION)' > $(DKMS_SRC)/.version
	sed 's/@VERSION@/$(LBDR_VERSION)/' dkms.conf > $(DKMS_SRC)/dkms.conf

check:
	tests/run-all

FUZZ_SECONDS ?= 60
fuzz:
	$(MAKE) -C tests/fuzz run FUZZ_SECONDS=$(FUZZ_SECONDS)

demo:
	tests/demo/run

# lbdr against IPVS DR in one VM boot (issue 5): docs/BENCHMARKS.md and
# docs/benchmarks.json; LBDR_BENCH_SMOKE=1 for CI's one-round smoke (its
# report stays in build/bench), LBDR_BENCH_MEASURES="..." for a subset.
bench:
	tests/bench/run
.PHONY: bench

style:
	tests/style checkpatch

sparse:
	$(MAKE) -C $(KDIR) M=$(CURDIR) C=2 modules

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null
	$(MAKE) -C userspace clean
	$(MAKE) -C tests/unit clean
	$(MAKE) -C tests/fuzz clean
	rm -rf build

.PHONY: all module lbadm install module-install lbadm-install dkms-install \
	check fuzz demo style sparse clean
