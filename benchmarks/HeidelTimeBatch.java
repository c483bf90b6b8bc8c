// Runs HeidelTime standalone on many documents in one JVM, so that the time per document
// excludes the JVM's start and HeidelTime's loading of its resources (reported apart).
//
//     java -cp de.unihd.dbs.heideltime.standalone.jar benchmarks/HeidelTimeBatch.java CONFIG JOBS ROUNDS
//
// CONFIG is HeidelTime's config.props; JOBS a UTF-8 file with one document a line:
// input file <TAB> creation date (yyyy-MM-dd) <TAB> output file. Each document's TimeML goes to
// its output file (from the last round). Prints to stdout, one record a line:
//     init <seconds to build the tagger>
//     doc <round> <index> <seconds>
//     fail <round> <index> <what went wrong>     (that document only; the others go on)
// Language ENGLISH, document type NEWS, TreeTagger, as the command line `-l ENGLISH -t NEWS`.
// Started by benchmarks/heideltime.py; needs a JDK (single-file source launch compiles it).

import de.unihd.dbs.heideltime.standalone.DocumentType;
import de.unihd.dbs.heideltime.standalone.HeidelTimeStandalone;
import de.unihd.dbs.heideltime.standalone.OutputType;
import de.unihd.dbs.heideltime.standalone.POSTagger;
import de.unihd.dbs.uima.annotator.heideltime.resources.Language;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;

public class HeidelTimeBatch {
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: HeidelTimeBatch CONFIG JOBS ROUNDS");
            System.exit(2);
        }
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        SimpleDateFormat day = new SimpleDateFormat("yyyy-MM-dd");
        List<String> jobs = Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8);
        int rounds = Integer.parseInt(args[2]);

        long started = System.nanoTime();
        HeidelTimeStandalone tagger = new HeidelTimeStandalone(
                Language.ENGLISH, DocumentType.NEWS, OutputType.TIMEML, args[0], POSTagger.TREETAGGER);
        System.out.println("init " + (System.nanoTime() - started) / 1e9);
        System.out.flush();

        for (int round = 1; round <= rounds; round++) {
            for (int index = 0; index < jobs.size(); index++) {
                String[] job = jobs.get(index).split("\t");
                long begun;
                String timeml;
                try {
                    String text = Files.readString(Path.of(job[0]), StandardCharsets.UTF_8);
                    Date created = day.parse(job[1]);
                    begun = System.nanoTime();
                    timeml = tagger.process(text, created);
                } catch (Exception error) {
                    System.out.println("fail " + round + " " + index + " " + String.valueOf(error).replace('\n', ' '));
                    System.out.flush();
                    continue;
                }
                double seconds = (System.nanoTime() - begun) / 1e9;
                if (round == rounds) {
                    Files.writeString(Path.of(job[2]), timeml, StandardCharsets.UTF_8);
                }
                System.out.println("doc " + round + " " + index + " " + seconds);
                System.out.flush();
            }
        }
    }
}
