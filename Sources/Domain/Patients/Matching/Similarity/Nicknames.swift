/// Common English given-name diminutives. A nickname maps to every formal name it shortens, and
/// two names are equivalent when they share a formal name — so `Bob` = `Robert` = `Rob`, and
/// `Chris` = `Christopher` and `Chris` = `Christine`, but `Christopher` ≠ `Christine`: two
/// formal names are never made equal through a nickname they share (siblings often do).
public enum Nicknames {
    /// Formal name → its diminutives (folded, lower case).
    static let table: [String: [String]] = [
        "robert": ["bob", "bobby", "rob", "robbie", "robby"],
        "william": ["bill", "billy", "will", "willie", "willy"],
        "elizabeth": ["liz", "lizzie", "lizzy", "beth", "betty", "betsy", "libby", "elsie"],
        "catherine": ["kate", "katie", "cathy", "cat", "kathy", "kat"],
        "katherine": ["kate", "katie", "kathy", "kat"],
        "kathleen": ["kathy", "kate", "katie"],
        "james": ["jim", "jimmy"],
        "michael": ["mike", "mikey", "mick", "mickey"],
        "thomas": ["tom", "tommy"],
        "richard": ["dick", "rick", "ricky", "rich", "richie"],
        "margaret": ["peggy", "maggie", "meg", "marge", "margie"],
        "jennifer": ["jen", "jenny", "jenn"],
        "christopher": ["chris", "kit", "topher"],
        "christine": ["chris", "chrissy"],
        "christina": ["chris", "chrissy"],
        "alexander": ["alex", "al", "xander", "sandy"],
        "alexandra": ["alex", "lexi", "sandy"],
        "samuel": ["sam", "sammy"],
        "samantha": ["sam", "sammy"],
        "daniel": ["dan", "danny"],
        "david": ["dave", "davey"],
        "joseph": ["joe", "joey"],
        "anthony": ["tony"],
        "nicholas": ["nick", "nicky"],
        "steven": ["steve", "stevie"],
        "stephen": ["steve", "stevie"],
        "susan": ["sue", "susie", "suzy"],
        "patricia": ["pat", "patty", "trish", "tricia"],
        "patrick": ["pat", "paddy"],
        "edward": ["ed", "eddie", "ted", "ned"],
        "andrew": ["andy"],
        "benjamin": ["ben", "benny"],
        "matthew": ["matt", "matty"],
        "jonathan": ["jon", "jonny"],
        "john": ["johnny"],
        "charles": ["charlie", "chuck", "chas"],
        "joshua": ["josh"],
        "timothy": ["tim", "timmy"],
        "gregory": ["greg"],
        "jeffrey": ["jeff"],
        "kenneth": ["ken", "kenny"],
        "ronald": ["ron", "ronnie"],
        "donald": ["don", "donnie"],
        "lawrence": ["larry"],
        "gerald": ["jerry"],
        "raymond": ["ray"],
        "zachary": ["zach", "zack"],
        "nathaniel": ["nate", "nat"],
        "nathan": ["nate"],
        "abigail": ["abby", "abbie"],
        "deborah": ["deb", "debbie"],
        "rebecca": ["becky", "becca"],
        "victoria": ["vicky", "tori"],
        "jessica": ["jess", "jessie"],
        "pamela": ["pam"],
        "cynthia": ["cindy"],
        "barbara": ["barb", "barbie"],
        "dorothy": ["dot", "dottie"],
        "theresa": ["terry", "tess"],
        "francisco": ["paco", "pancho", "frank"],
        "francis": ["frank", "fran"],
        "frances": ["fran", "frannie"],
        "jose": ["pepe"],
        "guillermo": ["memo"],
        "roberto": ["beto"],
        "alberto": ["beto"],
        "eduardo": ["lalo"],
        "enrique": ["kike"],
        "ignacio": ["nacho"],
        "manuel": ["manny"],
        "alejandro": ["alex", "alejo"],
        "gabriel": ["gabe"],
        "gabriela": ["gabby"],
        "vincent": ["vince", "vinny"],
        "leonard": ["len", "lenny"],
        "phillip": ["phil"],
        "philip": ["phil"],
        "douglas": ["doug"],
        "frederick": ["fred", "freddie"],
        "harold": ["harry", "hal"],
        "henry": ["hank", "harry"],
        "terrence": ["terry"],
        "dwayne": ["dj"],
    ]

    /// Nickname or formal name → the formal names it can stand for.
    static let formalNames: [String: Set<String>] = {
        var index: [String: Set<String>] = [:]
        for (formal, nicks) in table {
            index[formal, default: []].insert(formal)
            for nick in nicks { index[nick, default: []].insert(formal) }
        }
        return index
    }()

    /// The formal names a folded given name can stand for (itself when it is in no table entry).
    public static func formal(_ folded: String) -> Set<String> {
        formalNames[folded] ?? [folded]
    }

    /// Whether two folded given names can name the same person by a common diminutive.
    public static func equivalent(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        let fa = formal(a), fb = formal(b)
        // Two distinct formal names never meet through a shared nickname.
        if table[a] != nil && table[b] != nil { return false }
        return !fa.isDisjoint(with: fb)
    }
}
