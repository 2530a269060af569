# SPDX-License-Identifier: GPL-2.0
#
# lbdr: the module (Kbuild), lbadm (userspace/), tests and packaging.
#
#   make [KDIR=...]       lbdr.ko against KDIR, and lbadm
#   make check            every test suite (host and qemu), one summary line
#   make demo             boot Debian's kernel in qemu and show lbdr live
#   make install          module (KDIR), lbadm, man page, bash completion
#   make dkms-install     module sources to /usr/src/lbdr-VERSION for DKMS
#   make style            checkpatch; make sparse: sparse against KDIR

KDIR ?= /lib/modules/$(shell uname -r)/build
PREFIX ?= /usr
DESTDIR ?=
LBDR_VERSION ?= $(shell module/version.sh)
export LBDR_VERSION

DKMS_SRC := $(DESTDIR)/usr/src/lbdr-$(LBDR_VERSION)

all: module lbadm

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

lbadm:
	$(MAKE) -C userspace

install: module-install lbadm-install

module-install: module
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules_install
	depmod -a $(notdir $(patsubst %/build,%,$(KDIR))) 2>/dev/null || true

lbadm-install: lbadm
	$(MAKE) -C userspace install PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)

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

demo:
	tests/demo/run

style:
	tests/style checkpatch

sparse:
	$(MAKE) -C $(KDIR) M=$(CURDIR) C=2 modules

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null
	$(MAKE) -C userspace clean
	$(MAKE) -C tests/unit clean
	rm -rf build

.PHONY: all module lbadm install module-install lbadm-install dkms-install \
	check demo style sparse clean
