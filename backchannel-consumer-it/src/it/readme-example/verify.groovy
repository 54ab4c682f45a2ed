// The example ran (exec:exec fails the build otherwise). Checks what this plain consumer resolved:
// one version across Netty's modules (4.1 next to 4.2 breaks every TCP connection), one across
// Jackson 3's and no Jackson 2 beside it (only the annotations, which Jackson 3 shares), one across
// Reactor Netty's, and printed what the example answered.
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('sidecar-1 ran backup') : 'the console did not reach the sidecar'
assert log.contains('console noted: idle') : 'the sidecar did not reach the console'

def coordinates = new File(basedir, 'target/dependencies.txt').readLines()
    .collect { it.trim() }
    .findAll { it ==~ /[\w.-]+:[\w.-]+:jar(:[\w.-]+)?:[\w.-]+:\w+.*/ }
    .collect { it.split(':') }
    .collect { parts -> [group: parts[0], artifact: parts[1], version: parts.size() == 6 ? parts[4] : parts[3]] }

def versionsOf = { String family, Closure<Boolean> member ->
  def versions = coordinates.findAll(member).collect { it.version }.unique()
  assert versions.size() == 1 : "expected one ${family} version, found ${versions}: " +
      coordinates.findAll(member).collect { "${it.artifact}:${it.version}" }
  versions[0]
}
def netty = versionsOf('Netty') { it.group == 'io.netty' && !it.artifact.startsWith('netty-tcnative') }
assert netty.startsWith('4.2.') : "expected Netty 4.2, found ${netty}"
def jackson = versionsOf('Jackson') { it.group.startsWith('tools.jackson') }
assert jackson.startsWith('3.') : "expected Jackson 3, found ${jackson}"
def jackson2 = coordinates.findAll { it.group.startsWith('com.fasterxml.jackson') && it.artifact != 'jackson-annotations' }
assert jackson2.isEmpty() : "Jackson 2 next to Jackson 3: ${jackson2.collect { "${it.artifact}:${it.version}" }}"
versionsOf('Reactor Netty') { it.group == 'io.projectreactor.netty' }
return true
