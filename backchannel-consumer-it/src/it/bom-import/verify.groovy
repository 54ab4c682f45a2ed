// The BOM gave both modules this build's version, and brought no other management with it: the
// Netty a consumer resolves is still the one backchannel-core's published POM names (4.2), all alike.
def coordinates = new File(basedir, 'target/dependencies.txt').readLines()
    .collect { it.trim() }
    .findAll { it ==~ /[\w.-]+:[\w.-]+:jar(:[\w.-]+)?:[\w.-]+:\w+.*/ }
    .collect { it.split(':') }
    .collect { parts -> [group: parts[0], artifact: parts[1], version: parts.size() == 6 ? parts[4] : parts[3]] }

def backchannel = coordinates.findAll { it.group == 'io.backchannel' }
assert backchannel.collect { it.artifact }.sort() == ['backchannel-api', 'backchannel-core'] : "resolved ${backchannel}"
assert backchannel.every { it.version == projectVersion } : "expected ${projectVersion} from the BOM, resolved ${backchannel}"

def netty = coordinates.findAll { it.group == 'io.netty' && !it.artifact.startsWith('netty-tcnative') }.collect { it.version }.unique()
assert netty.size() == 1 && netty[0].startsWith('4.2.') : "expected one Netty 4.2, found ${netty}"
return true
