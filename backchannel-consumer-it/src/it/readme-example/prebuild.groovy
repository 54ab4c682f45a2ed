// Copies README.md's one ```java block, unchanged, to where Maven compiles it, so the README
// shows exactly the code this build compiles and runs.
def text = new File(readme).getText('UTF-8')
def blocks = (text =~ /(?ms)^```java\n(.*?)^```$/).collect { it[1] }
if (blocks.size() != 1) {
  throw new IllegalStateException("README.md must have exactly one java block, found " + blocks.size())
}
def source = blocks[0]
def className = (source =~ /(?m)^public (?:final )?class (\w+)/).with { it.find() ? it.group(1) : null }
if (className == null) {
  throw new IllegalStateException("README.md's java block declares no public class")
}
def packageName = (source =~ /(?m)^package ([\w.]+);/).with { it.find() ? it.group(1) : '' }
def dir = new File(basedir, 'src/main/java/' + packageName.replace('.', '/'))
dir.mkdirs()
new File(dir, className + '.java').setText(source, 'UTF-8')
return true
